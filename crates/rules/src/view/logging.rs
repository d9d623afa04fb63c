//! Semantic view: logging (to be filled by its rules).
