# Builds and runs one consumer project against thidua (tests/consumer/tests.cmake registers it).
#
#   cmake -DSTEP=install|find_package|add_subdirectory|pkg-config|pkg-config-static -D... -P run.cmake
#
# Inputs: STEP, BUILD_DIR (thidua's build tree), PREFIX (the install prefix), WORK (scratch),
# SOURCE_DIR (thidua's sources), CXX, CC, FLAGS (sanitizer flags, space-separated), SCHEME, SCORES,
# EXPECT (a regex the consumer's output must match after "thidua VERSION: "), VERSION (the
# project version, which the programs print: the headers' or libthidua.so's thidua_version()).
# Prints "consumer <STEP> ok: <output>" on success only, and fails (FATAL_ERROR) otherwise.
cmake_minimum_required(VERSION 3.25)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(JOIN " " cmd ${ARGN})
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n--- stdout\n${out}\n--- stderr\n${err}")
  endif()
  set(run_out "${out}" PARENT_SCOPE)
endfunction()

function(check_output out)
  if(NOT out MATCHES "${EXPECT}")
    message(FATAL_ERROR "unexpected output of the ${STEP} consumer:\n${out}\nexpected: ${EXPECT}")
  endif()
  string(STRIP "${out}" out)
  message("consumer ${STEP} ok: ${out}")
endfunction()

# A consumer program prints "thidua VERSION: " (the headers' version, or libthidua.so's
# thidua_version()) and then what EXPECT describes.
function(check_program_output out)
  string(REPLACE "." "\\." version_regex "${VERSION}")
  set(EXPECT "^thidua ${version_regex}: ${EXPECT}")
  check_output("${out}")
endfunction()

set(flags "${FLAGS}")
separate_arguments(FLAGS UNIX_COMMAND "${FLAGS}")
set(app_dir ${WORK}/${STEP})

if(STEP STREQUAL "install")
  file(REMOVE_RECURSE ${PREFIX})
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${PREFIX})
  include(GNUInstallDirs)
  string(REGEX MATCH "^[0-9]+" major "${VERSION}")
  foreach(file include/thidua/thidua.hpp include/thidua/version.hpp include/thidua/engine.hpp
               include/thidua/thidua.h ${CMAKE_INSTALL_LIBDIR}/libthidua.a
               ${CMAKE_INSTALL_LIBDIR}/libthidua.so ${CMAKE_INSTALL_LIBDIR}/libthidua.so.${major}
               ${CMAKE_INSTALL_LIBDIR}/libthidua.so.${VERSION}
               ${CMAKE_INSTALL_LIBDIR}/cmake/thidua/thidua-config.cmake
               ${CMAKE_INSTALL_LIBDIR}/cmake/thidua/thidua-config-version.cmake
               ${CMAKE_INSTALL_LIBDIR}/cmake/thidua/thidua-targets.cmake
               ${CMAKE_INSTALL_LIBDIR}/pkgconfig/thidua.pc bin/thidua
               ${CMAKE_INSTALL_DATADIR}/thidua/python/thidua_ctypes.py)
    if(NOT EXISTS ${PREFIX}/${file})
      message(FATAL_ERROR "not installed: ${PREFIX}/${file}")
    endif()
  endforeach()
  run(${PREFIX}/bin/thidua --version)
  string(REPLACE "." "\\." version_regex "${VERSION}")
  set(EXPECT "^thidua ${version_regex}\n$")
  check_output("${run_out}")

elseif(STEP STREQUAL "find_package" OR STEP STREQUAL "add_subdirectory")
  if(STEP STREQUAL "find_package")
    file(REMOVE_RECURSE ${app_dir})  # a fresh look for the package each time
  else()
    file(REMOVE ${app_dir}/app)      # the library's objects are kept: a rerun is incremental
  endif()
  set(args -S ${SOURCE_DIR}/tests/consumer/${STEP} -B ${app_dir} -DCMAKE_CXX_COMPILER=${CXX})
  if(STEP STREQUAL "find_package")
    # Debug: no optimisation to wait for. The installed static library carries this build's
    # sanitizers, if any: the program is compiled and linked with them too.
    list(APPEND args -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH=${PREFIX}
         "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}")
  else()
    # The library is compiled again, from source: without optimisation, debug information
    # or sanitizers (the cheapest), and only what `app` needs.
    list(APPEND args -DCMAKE_BUILD_TYPE=None -DTHIDUA_SOURCE_DIR=${SOURCE_DIR})
  endif()
  run(${CMAKE_COMMAND} ${args})
  run(${CMAKE_COMMAND} --build ${app_dir} --target app -j 2)
  run(${app_dir}/app ${SCHEME} ${SCORES})
  check_program_output("${run_out}")

elseif(STEP STREQUAL "pkg-config")
  # As a C project would: cc main.c $(pkg-config --cflags --libs thidua), against the
  # installed shared library (whose exported symbols are the C API).
  file(REMOVE_RECURSE ${app_dir})
  file(MAKE_DIRECTORY ${app_dir})
  include(GNUInstallDirs)
  set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  find_program(pkg_config NAMES pkg-config pkgconf REQUIRED)
  run(${pkg_config} --modversion thidua)
  string(STRIP "${run_out}" modversion)
  if(NOT modversion STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion thidua: ${modversion}, expected ${VERSION}")
  endif()
  run(${pkg_config} --cflags --libs thidua)
  separate_arguments(pc_flags UNIX_COMMAND "${run_out}")
  run(${CC} ${FLAGS} -o ${app_dir}/app ${SOURCE_DIR}/tests/consumer/pkg-config/main.c ${pc_flags}
      -Wl,-rpath,${PREFIX}/${CMAKE_INSTALL_LIBDIR})
  run(${app_dir}/app ${SCHEME} ${SCORES})
  check_program_output("${run_out}")

elseif(STEP STREQUAL "pkg-config-static")
  # The C++ API through pkg-config: the static library named by path (-lthidua would be the
  # shared one) and what it links with (pkg-config --static: Requires.private, Libs.private).
  file(REMOVE_RECURSE ${app_dir})
  file(MAKE_DIRECTORY ${app_dir})
  include(GNUInstallDirs)
  set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  find_program(pkg_config NAMES pkg-config pkgconf REQUIRED)
  run(${pkg_config} --cflags thidua)
  separate_arguments(pc_cflags UNIX_COMMAND "${run_out}")
  run(${pkg_config} --variable=libdir thidua)
  string(STRIP "${run_out}" pc_libdir)
  run(${pkg_config} --static --libs thidua)
  separate_arguments(pc_libs UNIX_COMMAND "${run_out}")
  list(REMOVE_ITEM pc_libs -lthidua)
  run(${CXX} -std=c++20 ${FLAGS} -o ${app_dir}/app ${SOURCE_DIR}/tests/consumer/rank_first.cpp
      ${pc_cflags} ${pc_libdir}/libthidua.a ${pc_libs})
  run(${app_dir}/app ${SCHEME} ${SCORES})
  check_program_output("${run_out}")

else()
  message(FATAL_ERROR "unknown STEP '${STEP}'")
endif()
