pub mod drift;
pub mod inventory;
pub mod live;
pub mod rules;
pub mod scan;
pub mod trail;
