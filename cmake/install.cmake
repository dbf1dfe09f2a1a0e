# Install rules, included by the top-level CMakeLists.txt when THIDUA_INSTALL is ON.
#
#   include/thidua/...                      the headers (and the generated version.hpp)
#   lib/libthidua.a                         the static library: the C++ API (thidua::thidua)
#   lib/libthidua.so.MAJOR...               the shared library: the C API (thidua::shared)
#   lib/cmake/thidua/                       thidua-config.cmake, its version file, the targets
#   lib/pkgconfig/thidua.pc                 pkg-config (the shared library; --static: static)
#   bin/thidua                              the command
#   share/thidua/python/thidua_ctypes.py    a small Python binding of the C API (ctypes only)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(THIDUA_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/thidua
    CACHE STRING "Where thidua-config.cmake is installed (relative to the prefix)")
mark_as_advanced(THIDUA_INSTALL_CMAKEDIR)

# Headers: the whole include/thidua tree (whatever is there at install time), then version.hpp.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/thidua
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
install(FILES ${THIDUA_GENERATED_INCLUDE_DIR}/thidua/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/thidua COMPONENT development)

install(TARGETS thidua thidua_shared EXPORT thiduaTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
                NAMELINK_COMPONENT development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(EXPORT thiduaTargets NAMESPACE thidua:: FILE thidua-targets.cmake
        DESTINATION ${THIDUA_INSTALL_CMAKEDIR} COMPONENT development)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/thidua-config.cmake.in
  ${PROJECT_BINARY_DIR}/thidua-config.cmake
  INSTALL_DESTINATION ${THIDUA_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/thidua-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/thidua-config.cmake ${PROJECT_BINARY_DIR}/thidua-config-version.cmake
        DESTINATION ${THIDUA_INSTALL_CMAKEDIR} COMPONENT development)

# thidua.pc finds its prefix from its own place (${pcfiledir}), so the installed tree can be
# moved or installed with `cmake --install --prefix`.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(THIDUA_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
  set(THIDUA_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(THIDUA_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(THIDUA_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
file(RELATIVE_PATH THIDUA_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" THIDUA_PC_TO_PREFIX "${THIDUA_PC_TO_PREFIX}")
set(THIDUA_PC_PREFIX "\${pcfiledir}/${THIDUA_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/thidua.pc.in ${PROJECT_BINARY_DIR}/thidua.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/thidua.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)

# The Python binding of the C API (examples/capi/thidua_ctypes.py): what a Python system puts
# on its path to call libthidua.so (docs/install.md).
install(FILES ${PROJECT_SOURCE_DIR}/examples/capi/thidua_ctypes.py
        DESTINATION ${CMAKE_INSTALL_DATADIR}/thidua/python COMPONENT development)

# The command (statically linked with the C++ API).
if(TARGET thidua_cli)
  install(TARGETS thidua_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()
