//! `gy-client --report`: the SVG is rendered (resvg) and looked at: the
//! four charts' axes are drawn, the answers-per-second series in its
//! chart, one series per percentile in theirs, the bars of the histogram
//! and of the results; the JSON holds the same data as the summary.

mod cli_support;

use cli_support::{fund, gy_client, Server};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// The chart's colours (`apps/src/report/chart.rs`), as RGB.
const RATE: [u8; 3] = [0, 140, 0];
const PERCENTILES: [[u8; 3]; 3] = [[0, 0, 255], [230, 120, 0], [255, 0, 0]];
const AXES: [u8; 3] = [0, 0, 0];

/// How many pixels of the quarter (`col`, `row`) of the picture are
/// within a small distance of `rgb`.
fn pixels(pix: &Pixmap, (col, row): (u32, u32), rgb: [u8; 3]) -> usize {
    let (w, h) = (pix.width() / 2, pix.height() / 2);
    let mut n = 0;
    for y in row * h..(row + 1) * h {
        for x in col * w..(col + 1) * w {
            let Some(p) = pix.pixel(x, y) else { continue };
            let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).abs();
            if d(p.red(), rgb[0]) + d(p.green(), rgb[1]) + d(p.blue(), rgb[2]) < 40 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn the_report_draws_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ocs.db");
    let db = db.to_str().unwrap();
    fund(db, "001010000000001-001010000000050", "1000000000000");
    let ocs = Server::start(&["--ip", "127.0.0.1", "--port", "0", "--db", db]);
    let svg = dir.path().join("run.svg");
    let json = dir.path().join("run.json");
    let run = |report: &std::path::Path| {
        let args = [
            "--subscriber",
            "001010000000001-001010000000050",
            "--count",
            "600",
        ];
        let more = [
            "--updates",
            "2",
            "--concurrency",
            "16",
            "--report",
            report.to_str().unwrap(),
        ];
        let args: Vec<&str> = args.iter().chain(&more).copied().collect();
        let (success, s) = gy_client(&ocs.addr, &args);
        assert!(success, "{s}");
        s
    };
    run(&svg);
    let summary = run(&json);
    ocs.terminate();

    let text = std::fs::read_to_string(&svg).unwrap();
    let tree = Tree::from_str(&text, &Options::default()).expect("a valid SVG");
    let size = tree.size().to_int_size();
    let mut pix = Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, Transform::default(), &mut pix.as_mut());
    // Axes in each chart.
    for quarter in [(0, 0), (1, 0), (0, 1), (1, 1)] {
        assert!(pixels(&pix, quarter, AXES) > 400, "axes of {quarter:?}");
    }
    // The rate line in the top-left chart, and the histogram's bars
    // (the same green) in the bottom-left one; not in the percentiles'.
    assert!(pixels(&pix, (0, 0), RATE) > 200, "the rate series");
    assert!(pixels(&pix, (0, 1), RATE) > 200, "the histogram's bars");
    assert_eq!(pixels(&pix, (1, 0), RATE), 0);
    // One series per percentile in the top-right chart.
    for (i, colour) in PERCENTILES.iter().enumerate() {
        assert!(pixels(&pix, (1, 0), *colour) > 40, "percentile series {i}");
    }
    // One result (2001): its bar, in the bottom-right chart.
    assert!(pixels(&pix, (1, 1), PERCENTILES[0]) > 2_000, "the 2001 bar");

    let data: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(data["results"]["2001"], summary["result_codes"]["2001"]);
    assert_eq!(data["timeline"], summary["timeline"]);
    let counted: u64 = (data["latency"].as_array().unwrap().iter())
        .map(|b| b[1].as_u64().unwrap())
        .sum();
    assert_eq!(Some(counted), summary["answers"].as_u64());
}
