//! Semantic view: elasticache (to be filled by its rules).
