// Built twice: with _GLIBCXX_USE_CXX11_ABI=1 (std::__cxx11::basic_string,
// std::__cxx11::list) and =0 (std::string as "Ss", std::list).
#include <list>
#include <string>
std::size_t abi_string_length(const std::string& text) { return text.size(); }
std::list<int> abi_make_list(int n) { return std::list<int>(static_cast<std::size_t>(n), 1); }
