//! The web application of passend: Dutch pages and the JSON API.

pub mod dto;
pub mod nl;
