# Findigraph: igraph's C library (Debian libigraph-dev, 0.10) through its pkg-config file.
# Defines igraph_FOUND, igraph_VERSION and the imported target igraph::igraph.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_IGRAPH QUIET igraph)
endif()
find_path(igraph_INCLUDE_DIR NAMES igraph.h HINTS ${PC_IGRAPH_INCLUDE_DIRS} PATH_SUFFIXES igraph)
find_library(igraph_LIBRARY NAMES igraph HINTS ${PC_IGRAPH_LIBRARY_DIRS})
set(igraph_VERSION ${PC_IGRAPH_VERSION})

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(igraph REQUIRED_VARS igraph_LIBRARY igraph_INCLUDE_DIR
                                  VERSION_VAR igraph_VERSION)
if(igraph_FOUND AND NOT TARGET igraph::igraph)
  add_library(igraph::igraph UNKNOWN IMPORTED)
  set_target_properties(igraph::igraph PROPERTIES IMPORTED_LOCATION "${igraph_LIBRARY}"
                        INTERFACE_INCLUDE_DIRECTORIES "${igraph_INCLUDE_DIR}")
endif()
mark_as_advanced(igraph_INCLUDE_DIR igraph_LIBRARY)
