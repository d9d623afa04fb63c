pub mod rules;
pub mod scan;
