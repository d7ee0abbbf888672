// SPDX-License-Identifier: MIT
#include "solve/term.h"

namespace mlstack::solve {

Term Term::intersect(const Term& other) const {
  if (m_positive && other.m_positive) return positive(m_set.intersect(other.m_set));
  if (m_positive) return positive(m_set.intersect(other.m_set.complement()));
  if (other.m_positive) return positive(other.m_set.intersect(m_set.complement()));
  return negative(m_set.unite(other.m_set));
}

// ¬(¬a ∩ ¬b), worked out case by case so that no negated copy is made.
Term Term::unite(const Term& other) const {
  if (m_positive && other.m_positive) return positive(m_set.unite(other.m_set));
  if (m_positive) return negative(other.m_set.intersect(m_set.complement()));
  if (other.m_positive) return negative(m_set.intersect(other.m_set.complement()));
  return negative(m_set.intersect(other.m_set));
}

bool Term::is_subset_of(const Term& other) const {
  if (m_positive && other.m_positive) return m_set.is_subset_of(other.m_set);
  if (m_positive) return m_set.is_disjoint(other.m_set);  // S ⊆ ¬T
  if (other.m_positive) return false;                     // ⊥ is in *this, never in a positive term
  return other.m_set.is_subset_of(m_set);                 // ¬S ⊆ ¬T  <=>  T ⊆ S
}

bool Term::is_disjoint(const Term& other) const {
  if (m_positive && other.m_positive) return m_set.is_disjoint(other.m_set);
  if (m_positive) return m_set.is_subset_of(other.m_set);
  if (other.m_positive) return other.m_set.is_subset_of(m_set);
  return false;  // both hold when the package is not selected
}

Relation relation(const Term& known, const Term& term) {
  // Nothing known yet (the common case for packages not reached): only a
  // term that always or never holds is decided.
  if (known.is_any()) return term.is_any() ? Relation::Satisfied : term.is_empty() ? Relation::Contradicted
                                                                                   : Relation::Inconclusive;
  if (known.is_subset_of(term)) return Relation::Satisfied;
  if (known.is_disjoint(term)) return Relation::Contradicted;
  return Relation::Inconclusive;
}

}  // namespace mlstack::solve
