//! The models rules read: typed, spanned views over the syntax trees. Kubernetes objects, pod templates and the
//! bundle of every object of a check; a Dockerfile's stages and the lineage of its final image, and its `RUN`s as
//! shell scripts.

pub mod dockerfile;
pub mod kubernetes;
pub mod run;
