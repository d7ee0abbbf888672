# pip check's own code over the folders given on the command line instead of
# the running interpreter's sys.path; prints what `pip check` would print.
# Used by tests/env/pip_check_test.cpp to compare with a fixture environment.
import sys

from pip._internal.metadata import get_environment
from pip._internal.operations.check import PackageDetails, check_package_set

package_set = {}
for dist in get_environment(sys.argv[1:]).iter_installed_distributions(local_only=False, skip=()):
    try:
        package_set[dist.canonical_name] = PackageDetails(dist.version, list(dist.iter_dependencies()))
    except (OSError, ValueError):
        pass
missing, conflicting = check_package_set(package_set)
for name, deps in missing.items():
    for dep, _ in deps:
        print(f"{name} {package_set[name].version} requires {dep}, which is not installed.")
for name, deps in conflicting.items():
    for dep, version, req in deps:
        print(f"{name} {package_set[name].version} has requirement {req}, but you have {dep} {version}.")
