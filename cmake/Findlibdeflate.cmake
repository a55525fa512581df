# Findlibdeflate: libdeflate (Debian libdeflate-dev), found through its pkg-config file or by
# name. Defines libdeflate_FOUND and the imported target libdeflate::libdeflate.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_LIBDEFLATE QUIET libdeflate)
endif()
find_path(libdeflate_INCLUDE_DIR NAMES libdeflate.h HINTS ${PC_LIBDEFLATE_INCLUDE_DIRS})
find_library(libdeflate_LIBRARY NAMES deflate HINTS ${PC_LIBDEFLATE_LIBRARY_DIRS})
set(libdeflate_VERSION ${PC_LIBDEFLATE_VERSION})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(libdeflate REQUIRED_VARS libdeflate_LIBRARY libdeflate_INCLUDE_DIR
                                  VERSION_VAR libdeflate_VERSION)
if(libdeflate_FOUND AND NOT TARGET libdeflate::libdeflate)
  add_library(libdeflate::libdeflate UNKNOWN IMPORTED)
  set_target_properties(libdeflate::libdeflate PROPERTIES IMPORTED_LOCATION "${libdeflate_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${libdeflate_INCLUDE_DIR}")
endif()
mark_as_advanced(libdeflate_INCLUDE_DIR libdeflate_LIBRARY)
