//! Semantic view: redshift (to be filled by its rules).
