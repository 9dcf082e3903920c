//! Dockerfile rules, one per file.
