//! Integration tests of the importer: the whole bundled data set, and every trap the
//! data README lists, on small fixture files.

mod bundled;
mod support;
mod traps;
