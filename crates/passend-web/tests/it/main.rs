//! Tests of the web application: in-process router tests on a small fixture register,
//! and a black-box test against a server on a random loopback port.

mod accounts;
mod blackbox;
mod budget;
mod coverage;
mod editor;
mod placement;
mod router;
mod support;
