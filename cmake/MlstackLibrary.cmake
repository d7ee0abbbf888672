# mlstack_library(NAME DEPS ...) builds src/NAME/*.cpp into the static library
# mlstack_NAME. Sources are globbed so that each layer owns its folder without
# editing a shared list; a folder with no sources yet is an INTERFACE library.
function(mlstack_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  if(sources)
    add_library(mlstack_${name} STATIC ${sources})
    target_include_directories(mlstack_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(mlstack_${name} PUBLIC ${ARG_DEPS} PRIVATE mlstack_warnings)
  else()
    add_library(mlstack_${name} INTERFACE)
    target_include_directories(mlstack_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(mlstack_${name} INTERFACE ${ARG_DEPS})
  endif()
endfunction()

# mlstack_test_suite(NAME DEPS ...) builds tests/NAME/**/*.cpp (tests and their
# helpers) into one
# GoogleTest binary per layer, so a layer's tests build and run on their own.
# With ONE_PROCESS the whole binary is one ctest test (label LABEL, default
# NAME), for suites whose tests share an expensive fixture such as a server
# started once per process; SOURCES adds files of other test folders
# (relative to tests/); NEEDS_BINARY builds mlstack first. With
# MLSTACK_TEST_SHARDS=N (the asan preset) each binary is N ctest tests, one
# per GoogleTest shard; otherwise each test case is its own ctest test.
function(mlstack_test_suite name)
  cmake_parse_arguments(ARG "ONE_PROCESS;NEEDS_BINARY" "LABEL" "DEPS;SOURCES" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/${name}/*.cpp)
  foreach(extra ${ARG_SOURCES})
    list(APPEND sources ${PROJECT_SOURCE_DIR}/tests/${extra})
  endforeach()
  if(NOT sources)
    return()
  endif()
  add_executable(mlstack_${name}_tests ${sources})
  target_link_libraries(mlstack_${name}_tests PRIVATE ${ARG_DEPS} mlstack_warnings GTest::gtest GTest::gtest_main GTest::gmock)
  target_include_directories(mlstack_${name}_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(mlstack_${name}_tests PRIVATE
    MLSTACK_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    MLSTACK_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    MLSTACK_BINARY="$<TARGET_FILE:mlstack>")
  # Only the end-to-end suite runs the executable; the others build without it,
  # so one layer's tests never wait on (or break with) a later layer.
  if(name STREQUAL "cli" OR ARG_NEEDS_BINARY)
    add_dependencies(mlstack_${name}_tests mlstack)
  endif()
  if(NOT ARG_LABEL)
    set(ARG_LABEL ${name})
  endif()
  if(ARG_ONE_PROCESS)
    add_test(NAME mlstack_${name}_tests COMMAND mlstack_${name}_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(mlstack_${name}_tests PROPERTIES LABELS ${ARG_LABEL})
    return()
  endif()
  if(MLSTACK_TEST_SHARDS GREATER 0)
    # One ctest test per GoogleTest shard instead of one per test case: under
    # the sanitizers a test process costs ~0.5 s to start (ASan registers and
    # LSan scans hundreds of MB of instrumentation data), which across 1,200
    # cases was most of CI's time. The end-to-end suite, whose cases each run
    # mlstack, gets more shards so that two ctest jobs stay balanced.
    set(shards ${MLSTACK_TEST_SHARDS})
    if(name STREQUAL "cli")
      math(EXPR shards "${MLSTACK_TEST_SHARDS} * 4")
    endif()
    math(EXPR last "${shards} - 1")
    foreach(index RANGE ${last})
      set(test mlstack_${name}_tests_shard${index}of${shards})
      add_test(NAME ${test} COMMAND mlstack_${name}_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
      set_tests_properties(${test} PROPERTIES LABELS ${ARG_LABEL}
        ENVIRONMENT "GTEST_TOTAL_SHARDS=${shards};GTEST_SHARD_INDEX=${index}")
    endforeach()
    return()
  endif()
  gtest_discover_tests(mlstack_${name}_tests
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS ${ARG_LABEL}
    DISCOVERY_TIMEOUT 60)
endfunction()
