//! Every command's `--help` ends with examples, and every example is a
//! command line the program accepts (clap checks its options before it
//! honours a `--help` added at its end).

mod cli_support;

use cli_support::diameter;

const COMMANDS: [&str; 9] = [
    "decode",
    "ocs",
    "accounts",
    "gy-client",
    "hss",
    "mme",
    "subscribers",
    "agent",
    "send",
];

#[test]
fn every_command_shows_examples_that_parse() {
    for command in COMMANDS {
        let help = diameter(&[command, "--help"]);
        assert!(help.status.success(), "{command} --help");
        let text = String::from_utf8(help.stdout).unwrap();
        let examples: Vec<&str> = (text.lines())
            .skip_while(|l| *l != "Examples:")
            .skip(1)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert!(!examples.is_empty(), "{command}: {text}");
        for example in examples {
            let mut words: Vec<&str> = example.split_whitespace().collect();
            assert_eq!(words.first().copied(), Some("diameter"), "{example}");
            assert_eq!(words.get(1).copied(), Some(command), "{example}");
            words.remove(0);
            words.push("--help");
            let out = diameter(&words);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{example}: {err}");
        }
    }
}
