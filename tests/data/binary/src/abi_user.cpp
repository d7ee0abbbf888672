// Calls abi_string_length(const std::string&). Built with
// _GLIBCXX_USE_CXX11_ABI=0 but shipped beside the cxx11 build of libabi: the
// reference (...RKSs) has no definition (...RKNSt7__cxx1112basic_string...).
#include <cstddef>
#include <string>
std::size_t abi_string_length(const std::string& text);
std::size_t abi_user(const char* text) { return abi_string_length(text); }
