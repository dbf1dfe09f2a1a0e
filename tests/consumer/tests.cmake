# Projects built against thidua as its users would (docs/install.md), included by
# tests/CMakeLists.txt:
#   consumer.install           cmake --install this build tree into consumer/prefix (the fixture)
#   consumer.find_package      find_package(thidua 0.2) + thidua::thidua (the static C++ API)
#   consumer.pkg-config        a C program, cc $(pkg-config --cflags --libs thidua) (shared, C API)
#   consumer.pkg-config-static the C++ program with libthidua.a and `pkg-config --static --libs`
#   consumer.add_subdirectory  thidua's source tree added to another project, built from source
#   consumer.python            the installed Python binding (share/thidua/python) on the
#                              installed libthidua.so
# Each consumer ranks the bundled sample and prints the first school and its total.
set(THIDUA_CONSUMER_WORK ${PROJECT_BINARY_DIR}/consumer)
set(THIDUA_CONSUMER_PREFIX ${THIDUA_CONSUMER_WORK}/prefix)
# The installed libraries carry the sanitizers of this build: so must the programs linking them.
set(THIDUA_CONSUMER_FLAGS "")
if(THIDUA_SANITIZE)
  set(THIDUA_CONSUMER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer)
endif()
if(CMAKE_C_COMPILER)
  set(THIDUA_CONSUMER_CC ${CMAKE_C_COMPILER})
else()
  find_program(THIDUA_CONSUMER_CC NAMES cc gcc clang)
endif()
# examples/data: the first school shown (MN04, 96.00 points, rank 1 in Mầm non) of 60.
set(THIDUA_CONSUMER_EXPECT "60 subjects, first MN04 96\\.00 \\(rank 1\\)")

function(thidua_consumer_test step)
  string(JOIN " " flags ${THIDUA_CONSUMER_FLAGS})
  add_test(NAME consumer.${step}
    COMMAND ${CMAKE_COMMAND} -DSTEP=${step} -DBUILD_DIR=${PROJECT_BINARY_DIR}
            -DPREFIX=${THIDUA_CONSUMER_PREFIX} -DWORK=${THIDUA_CONSUMER_WORK}
            -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DCXX=${CMAKE_CXX_COMPILER} -DCC=${THIDUA_CONSUMER_CC}
            "-DFLAGS=${flags}" -DVERSION=${PROJECT_VERSION}
            -DSCHEME=${PROJECT_SOURCE_DIR}/examples/data/truong-hoc-2024-2025.toml
            -DSCORES=${PROJECT_SOURCE_DIR}/examples/data/diem-hoi-dong.csv
            "-DEXPECT=${THIDUA_CONSUMER_EXPECT}"
            -P ${CMAKE_CURRENT_LIST_DIR}/run.cmake)
endfunction()

thidua_consumer_test(install)
set_tests_properties(consumer.install PROPERTIES FIXTURES_SETUP thidua_installed
  PASS_REGULAR_EXPRESSION "consumer install ok: thidua ${PROJECT_VERSION}" TIMEOUT 300
  RESOURCE_LOCK thidua_consumer_prefix)

# Against the installed tree.
set(THIDUA_CONSUMER_INSTALLED find_package pkg-config-static)
# The C program uses the C API (<thidua/thidua.h>), the shared library's only exports.
if(EXISTS ${PROJECT_SOURCE_DIR}/include/thidua/thidua.h)
  list(APPEND THIDUA_CONSUMER_INSTALLED pkg-config)
endif()
foreach(step IN LISTS THIDUA_CONSUMER_INSTALLED)
  thidua_consumer_test(${step})
  set_tests_properties(consumer.${step} PROPERTIES FIXTURES_REQUIRED thidua_installed
    RESOURCE_LOCK thidua_consumer_prefix TIMEOUT 300)
endforeach()

# From source: compiles the library again (without optimisation, only what `app` needs),
# on two cores.
thidua_consumer_test(add_subdirectory)
set_tests_properties(consumer.add_subdirectory PROPERTIES PROCESSORS 2 TIMEOUT 600)

foreach(step IN LISTS THIDUA_CONSUMER_INSTALLED ITEMS add_subdirectory)
  set_tests_properties(consumer.${step} PROPERTIES
    PASS_REGULAR_EXPRESSION "consumer ${step} ok: .*${THIDUA_CONSUMER_EXPECT}")
endforeach()

# Python through the installed binding and shared library, as a Python system would.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/examples/capi/thidua_ctypes.py)
  include(GNUInstallDirs)
  add_test(NAME consumer.python
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/python_consumer.py
                   ${THIDUA_CONSUMER_PREFIX}/${CMAKE_INSTALL_DATADIR}/thidua/python
                   ${THIDUA_CONSUMER_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libthidua.so
                   ${PROJECT_SOURCE_DIR}/examples/data/truong-hoc-2024-2025.toml
                   ${PROJECT_SOURCE_DIR}/examples/data/diem-hoi-dong.csv)
  set_tests_properties(consumer.python PROPERTIES FIXTURES_REQUIRED thidua_installed
    RESOURCE_LOCK thidua_consumer_prefix TIMEOUT 120
    PASS_REGULAR_EXPRESSION "consumer python ok: ${THIDUA_CONSUMER_EXPECT}")
  if(THIDUA_CAPI_PYTHON_ENV)
    set_tests_properties(consumer.python PROPERTIES ENVIRONMENT "${THIDUA_CAPI_PYTHON_ENV}")
  endif()
endif()
