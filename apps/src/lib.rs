//! `diameter-apps`: Diameter applications and the tools of the `diameter` program.
