pub mod drift;
pub mod rules;
pub mod scan;
