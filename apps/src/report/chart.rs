//! The report's four charts, drawn with plotters into one SVG.

use std::io;

use plotters::prelude::*;

use super::Report;

/// The picture's size in pixels.
pub const SIZE: (u32, u32) = (1200, 900);

/// The colours of the percentile series: p50, p99, p99.9.
pub const PERCENTILE_COLOURS: [RGBColor; 3] = [BLUE, RGBColor(230, 120, 0), RED];

/// The colour of the answers-per-second series and of the bars.
pub const RATE_COLOUR: RGBColor = RGBColor(0, 140, 0);

/// Draws `report` as an SVG document.
pub fn svg(report: &Report) -> io::Result<String> {
    let mut svg = String::new();
    draw(report, &mut svg).map_err(|e| io::Error::other(format!("the chart: {e}")))?;
    Ok(svg)
}

type Drawn = Result<(), Box<dyn std::error::Error>>;

/// One percentile of a [`Point`](super::Point).
type Percentile = fn(&super::Point) -> u64;

fn draw(report: &Report, svg: &mut String) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(&report.title, ("sans-serif", 22))?;
    let areas = root.split_evenly((2, 2));
    let [rate, percentiles, histogram, results] = areas.as_slice() else {
        return Err("four areas".into());
    };
    draw_rate(report, rate)?;
    draw_percentiles(report, percentiles)?;
    draw_histogram(report, histogram)?;
    draw_results(report, results)?;
    root.present()?;
    Ok(())
}

/// A chart of the picture's quarter `area`, titled `caption`, with room
/// for the axes' labels.
fn framed<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(70);
    builder
}

/// The end of the run's time axis, seconds.
fn span(report: &Report) -> f64 {
    let width = report.timeline.get(1).map_or(1.0, |p| p.t_s);
    report.timeline.last().map_or(1.0, |p| p.t_s + width)
}

fn draw_rate<DB: DrawingBackend>(
    report: &Report,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let top = (report.timeline.iter())
        .map(|p| p.answers_per_s)
        .fold(1.0, f64::max);
    let mut chart = framed(area, "Answered requests per second")
        .build_cartesian_2d(0.0..span(report), 0.0..top * 1.1)?;
    chart
        .configure_mesh()
        .axis_style(BLACK.stroke_width(2))
        .x_desc("seconds")
        .y_desc("answers/s")
        .draw()?;
    let line = report.timeline.iter().map(|p| (p.t_s, p.answers_per_s));
    chart.draw_series(LineSeries::new(line.clone(), RATE_COLOUR.stroke_width(2)))?;
    chart.draw_series(line.map(|xy| Circle::new(xy, 3, RATE_COLOUR.filled())))?;
    Ok(())
}

fn draw_percentiles<DB: DrawingBackend>(
    report: &Report,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let ms = |us: u64| us as f64 / 1000.0;
    let top = (report.timeline.iter())
        .map(|p| ms(p.p999_us))
        .fold(0.1, f64::max);
    let mut chart = framed(area, "Latency percentiles (ms)")
        .build_cartesian_2d(0.0..span(report), 0.0..top * 1.1)?;
    chart
        .configure_mesh()
        .axis_style(BLACK.stroke_width(2))
        .x_desc("seconds")
        .y_desc("ms")
        .draw()?;
    let series: [(&str, Percentile); 3] = [
        ("p50", |p| p.p50_us),
        ("p99", |p| p.p99_us),
        ("p99.9", |p| p.p999_us),
    ];
    for ((name, value), colour) in series.into_iter().zip(PERCENTILE_COLOURS) {
        let points = report.timeline.iter().filter(|p| p.answers_per_s > 0.0);
        let line = points.map(|p| (p.t_s, ms(value(p))));
        chart.draw_series(line.clone().map(|xy| Circle::new(xy, 3, colour.filled())))?;
        chart
            .draw_series(LineSeries::new(line, colour.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(4))
            });
    }
    chart
        .configure_series_labels()
        .border_style(BLACK)
        .background_style(WHITE)
        .draw()?;
    Ok(())
}

fn draw_histogram<DB: DrawingBackend>(
    report: &Report,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let bars = &report.latency;
    let top = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let mut chart = framed(area, "Latency histogram (µs, log2 buckets)")
        .build_cartesian_2d((0..bars.len().max(1)).into_segmented(), 0..top + top / 10)?;
    chart
        .configure_mesh()
        .axis_style(BLACK.stroke_width(2))
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => bars.get(*i).map_or(String::new(), |b| b.0.to_string()),
            _ => String::new(),
        })
        .y_desc("answers")
        .draw()?;
    let style = RATE_COLOUR.filled();
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        Rectangle::new(
            [
                (SegmentValue::Exact(i), 0),
                (SegmentValue::Exact(i + 1), b.1),
            ],
            style,
        )
    }))?;
    Ok(())
}

fn draw_results<DB: DrawingBackend>(
    report: &Report,
    area: &DrawingArea<DB, plotters::coord::Shift>,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let results: Vec<(&String, u64)> = report.results.iter().map(|(k, v)| (k, *v)).collect();
    let top = results.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let mut chart = framed(area, "Answers by result").build_cartesian_2d(
        (0..results.len().max(1)).into_segmented(),
        0..top + top / 10,
    )?;
    chart
        .configure_mesh()
        .axis_style(BLACK.stroke_width(2))
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => results.get(*i).map_or(String::new(), |r| r.0.clone()),
            _ => String::new(),
        })
        .y_desc("answers")
        .draw()?;
    let style = PERCENTILE_COLOURS[0].filled();
    chart.draw_series(results.iter().enumerate().map(|(i, r)| {
        Rectangle::new(
            [
                (SegmentValue::Exact(i), 0),
                (SegmentValue::Exact(i + 1), r.1),
            ],
            style,
        )
    }))?;
    Ok(())
}
