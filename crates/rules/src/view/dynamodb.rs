//! Semantic view: dynamodb (to be filled by its rules).
