//! Semantic view: apigateway (to be filled by its rules).
