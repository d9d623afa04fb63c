//! Semantic view: secretsmanager (to be filled by its rules).
