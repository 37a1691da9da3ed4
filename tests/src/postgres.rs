//! A PostgreSQL server run for a test, from Debian's `postgresql` package.
//!
//! [`Postgres::start`] makes a cluster with `initdb` in a temporary
//! directory, as the unprivileged `postgres` user when the tests run as
//! root (the server refuses to run as root), starts it with `pg_ctl` on a
//! free loopback port with no Unix socket, and returns once `pg_isready`
//! says it accepts connections. Dropping it stops the server (`pg_ctl stop
//! -m immediate`) and removes the directory.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::free_port;

/// Where Debian's package puts the server's programs.
pub const BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running PostgreSQL server, stopped on drop.
pub struct Postgres {
    dir: tempfile::TempDir,
    /// Its port on 127.0.0.1.
    pub port: u16,
    running: bool,
}

/// Whether this process runs as root (the owner of `/proc/self`).
fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// A command for one of the server's programs, run as `postgres` when we
/// are root.
fn pg_command(program: &str) -> Command {
    let path = Path::new(BIN).join(program);
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(path);
        c
    } else {
        Command::new(path)
    }
}

fn run(mut c: Command, what: &str) -> Output {
    let out = c
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: {e} (apt-get install postgresql)"));
    assert!(
        out.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl Postgres {
    /// Makes and starts a server; the database `postgres` is there, user
    /// `postgres` connects without a password.
    ///
    /// # Panics
    /// When the package is not installed or the server does not start.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // The server's user must reach its data directory inside ours.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("permissions of the temporary directory");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("the data directory");
        if is_root() {
            run(
                {
                    let mut c = Command::new("chown");
                    c.arg("postgres:postgres").arg(&data);
                    c
                },
                "chown",
            );
        }
        let mut initdb = pg_command("initdb");
        initdb
            .args(["--auth=trust", "--username=postgres", "--encoding=UTF8"])
            .arg("--pgdata")
            .arg(&data);
        run(initdb, "initdb");
        let mut pg = Postgres {
            dir,
            port: 0,
            running: false,
        };
        // A port free a moment ago may be taken by the time the server
        // binds it: then another.
        for _ in 0..5 {
            pg.port = free_port();
            if pg.launch() {
                return pg;
            }
        }
        panic!("PostgreSQL did not start: {}", pg.log());
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The server's log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("data/server.log")).unwrap_or_default()
    }

    /// Starts the server on its port and waits until it accepts
    /// connections; false when it did not start.
    fn launch(&mut self) -> bool {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories='' -c max_connections=50 -c fsync=on -c synchronous_commit=on",
            self.port
        );
        let mut c = pg_command("pg_ctl");
        c.arg("--pgdata")
            .arg(self.data())
            .arg("--log")
            .arg(self.data().join("server.log"))
            .args(["--options", &options, "--wait", "--timeout=60", "start"]);
        let out = c.stdin(Stdio::null()).output();
        if !out.is_ok_and(|o| o.status.success()) {
            return false;
        }
        self.running = true;
        // `--wait` returns when the server is up; pg_isready confirms it
        // accepts connections on the port.
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(60) {
            let ready = pg_command("pg_isready")
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-q"])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop();
        false
    }

    /// The libpq URL of database `postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs `sql` with `psql`, returning what it prints (unaligned, no
    /// headers).
    ///
    /// # Panics
    /// When the statement fails.
    pub fn psql(&self, sql: &str) -> String {
        let mut c = pg_command("psql");
        c.args(["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .arg(self.url());
        String::from_utf8_lossy(&run(c, "psql").stdout)
            .trim()
            .to_string()
    }

    /// Asserts that PostgreSQL counted at least `by_index` scans of
    /// `table` by index and at most one whole (the build of its primary
    /// key's index, when the table was made), waiting up to a minute for
    /// the counts (`pg_stat_user_tables`): each backend reports them once
    /// idle, within seconds.
    ///
    /// # Panics
    /// The counts are not so, or `psql` fails.
    pub fn assert_read_by_key(&self, table: &str, by_index: u64) {
        let sql =
            format!("SELECT seq_scan, idx_scan FROM pg_stat_user_tables WHERE relname = '{table}'");
        let deadline = Instant::now() + Duration::from_secs(60);
        let (whole, index): (u64, u64) = loop {
            let out = self.psql(&sql);
            let counts = out
                .split_once('|')
                .and_then(|(whole, index)| Some((whole.parse().ok()?, index.parse().ok()?)));
            let counts = counts.unwrap_or((0, 0));
            if counts.1 >= by_index || Instant::now() > deadline {
                break counts;
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        assert!(
            whole <= 1 && index >= by_index,
            "scans of {table}: {whole} whole, {index} by index"
        );
    }

    /// Stops the server (immediately, as a crash would); [`resume`](Self::resume)
    /// starts it again on the same port.
    pub fn stop(&mut self) {
        if !self.running {
            return;
        }
        let mut c = pg_command("pg_ctl");
        c.arg("--pgdata")
            .arg(self.data())
            .args(["--mode=immediate", "--wait", "stop"]);
        let _ = c.stdin(Stdio::null()).output();
        self.running = false;
    }

    /// Starts the server again after [`stop`](Self::stop).
    ///
    /// # Panics
    /// When it does not start.
    pub fn resume(&mut self) {
        assert!(self.launch(), "PostgreSQL did not restart: {}", self.log());
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}
