//! The service files of `deploy/`: the systemd units start the roles
//! with the settings files beside them, reload them with SIGHUP and
//! restart them on failure, and those files (and the agent's) are
//! settings the roles accept.

use std::path::Path;

use clap::Parser;

/// The repository's `deploy/` directory.
fn deploy(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of `key=` in the unit's text.
fn directive<'u>(unit: &'u str, key: &str) -> &'u str {
    (unit.lines())
        .find_map(|l| l.strip_prefix(key).and_then(|l| l.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key} in {unit}"))
}

/// The `diameter` command line, for parsing the units' ExecStart.
#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(clap::Subcommand)]
enum Role {
    Ocs(diameter_apps::gy::cli::OcsArgs),
    Hss(diameter_apps::s6a::cli::hss::Args),
}

#[test]
fn the_units_start_reload_and_restart_the_roles_with_their_settings() {
    for role in ["ocs", "hss"] {
        let unit = deploy(&format!("diameter-{role}.service"));
        assert_eq!(directive(&unit, "ExecReload"), "/bin/kill -HUP $MAINPID");
        assert_eq!(directive(&unit, "Restart"), "on-failure");
        let start: Vec<&str> = directive(&unit, "ExecStart").split_whitespace().collect();
        assert_eq!(start[0], "/usr/local/bin/diameter");
        assert_eq!(start[1], role);
        let config = format!("/etc/diameter/{role}.toml");
        assert!(start.contains(&config.as_str()), "{start:?}");
        // Global options (`--log-format`) are the program's, not the role's.
        let role_args: Vec<&str> = (start.iter().copied())
            .filter(|a| !["--log-format", "json"].contains(a))
            .collect();
        let parsed = Cli::try_parse_from(&role_args[..]).unwrap_or_else(|e| panic!("{e}"));
        let named = match parsed.role {
            Role::Ocs(a) => a.server.node.config,
            Role::Hss(a) => a.server.node.config,
        };
        assert_eq!(named.as_deref(), Some(Path::new(&config)));
        let install = format!("deploy/{role}.toml {config}");
        assert!(
            unit.contains(&install),
            "the unit says how {config} is installed"
        );
    }
}

#[test]
fn the_settings_files_of_deploy_are_valid() {
    let ocs = diameter_apps::gy::config::OcsConfig::parse(&deploy("ocs.toml")).unwrap();
    assert_eq!(ocs.host, "ocs.example.com");
    assert!(!ocs.demo);
    let node = ocs.node_config().unwrap();
    assert_eq!(node.allowed_peers.as_ref().map(Vec::len), Some(2));
    let hss = diameter_apps::s6a::cli::hss::settings_from(
        &diameter_apps::s6a::cli::hss::Args::default(),
        Some(&deploy("hss.toml")),
    )
    .unwrap();
    assert_eq!(hss.config.db, Path::new("/var/lib/diameter/hss.db"));
    let agent = diameter_apps::agent::settings_from(
        &diameter_apps::agent::Args::default(),
        Some(&deploy("agent.toml")),
    )
    .unwrap();
    assert_eq!(agent.node.peers.len(), 2);
    assert_eq!(agent.node.routes[0].peers.len(), 2);
    assert!(agent.node.doic.is_some());
}
