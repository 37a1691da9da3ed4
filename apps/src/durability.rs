//! How hard a store's commits push their data to the disk: one setting,
//! with one default, for every store of this program (`--durability`,
//! TOML `durability`).

use serde::{Deserialize, Serialize};

/// SQLite's `synchronous` in WAL mode (a PostgreSQL store's is the
/// server's `synchronous_commit`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// A commit is in the operating system before it returns: it survives
    /// the process being killed (`kill -9`), not a power loss. (An HSS
    /// whose SQN went back with a power loss gets the USIM's
    /// synchronisation failure, TS 33.102 §6.3.5, and resynchronises.)
    #[default]
    Normal,
    /// Each commit is also fsync'ed: it survives a power loss.
    Full,
}

impl Durability {
    /// The value of SQLite's `synchronous` pragma.
    pub fn sqlite_synchronous(self) -> &'static str {
        match self {
            Self::Normal => "NORMAL",
            Self::Full => "FULL",
        }
    }
}
