//! Space set aside beside the account store, so that a commit whose answers
//! are already written can still be made when the disk fills up.
//!
//! The OCS writes each event-loop turn's answers before it commits their
//! journal (the answers leave only after the commit, [`super::ocs`]). A
//! commit that fails for want of space would leave answers that report
//! charges the store does not hold. So the OCS keeps a file of real,
//! allocated bytes next to the store: when a commit fails it deletes the
//! file and commits again into the space freed, then refuses new requests
//! until the file can be written again (the disk has room once more).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file set aside, `<store>-reserve`.
#[derive(Debug)]
pub(crate) struct Reserve {
    path: PathBuf,
    bytes: u64,
}

impl Reserve {
    /// A reserve of `bytes` beside the store at `db` (none when 0).
    pub(crate) fn beside(db: &Path, bytes: u64) -> Self {
        let mut path = db.as_os_str().to_owned();
        path.push("-reserve");
        Reserve {
            path: path.into(),
            bytes,
        }
    }

    /// Writes the file in full (zeros, synced: a sparse file would hold no
    /// space); on failure removes what was written, so that a full disk is
    /// not made fuller.
    ///
    /// # Errors
    /// The disk has not `bytes` free.
    pub(crate) fn fill(&self) -> io::Result<()> {
        if self.bytes == 0 {
            return Ok(());
        }
        let written = self.write();
        if written.is_err() {
            self.release();
        }
        written
    }

    fn write(&self) -> io::Result<()> {
        let mut f = File::create(&self.path)?;
        let chunk = [0u8; 64 * 1024];
        let mut left = self.bytes;
        while left > 0 {
            let n = usize::try_from(left).map_or(chunk.len(), |l| l.min(chunk.len()));
            f.write_all(chunk.get(..n).unwrap_or(&chunk))?;
            left = left.saturating_sub(n as u64);
        }
        f.sync_all()
    }

    /// Deletes the file, giving its space back to the store.
    pub(crate) fn release(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_with_real_bytes_and_releases() {
        let dir = tempfile::tempdir().unwrap();
        let r = Reserve::beside(&dir.path().join("ocs.db"), 100_000);
        r.fill().unwrap();
        let path = dir.path().join("ocs.db-reserve");
        assert_eq!(fs::metadata(&path).unwrap().len(), 100_000);
        r.release();
        assert!(!path.exists());
        Reserve::beside(&dir.path().join("none.db"), 0)
            .fill()
            .unwrap();
        assert!(!dir.path().join("none.db-reserve").exists());
    }
}
