//! Maps drawn at build time as inline SVG: places as numbered markers over an optional area
//! outline. No tiles and no requests to other hosts, so a map works offline and in print.
//! The page lists the same places under the map with the same numbers; the SVG carries a
//! title and description for screen readers.

use super::escape::html as escape_html;
use std::fmt::Write;

pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Family hub buildings are drawn as squares, other places as circles, so the two
    /// differ in shape, not only colour.
    pub hub: bool,
}

/// Small enough that labels stay readable when a phone scales the map down.
const WIDTH: f64 = 420.0;
const PAD: f64 = 24.0;
/// At most this many names are tried beside markers (times four), to keep big maps light.
const MAX_LABELS: usize = 6;
/// Markers closer than this (in pixels) are pushed apart so both numbers can be read.
const MIN_GAP: f64 = 27.0;
/// About 600 m: a single place still gets some surroundings.
const MIN_SPAN_DEG: f64 = 0.006;
const KM_PER_DEG_LAT: f64 = 111.32;

/// An equirectangular projection fitted to the bounding box of the places and outline.
struct Projection {
    lat_max: f64,
    lon_min: f64,
    /// Pixels per degree of latitude; longitude is scaled by cos(latitude).
    scale: f64,
    cos: f64,
    height: f64,
}

impl Projection {
    fn fit(points: &[(f64, f64)]) -> Projection {
        let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) = (90.0, -90.0, 180.0, -180.0);
        for &(la, lo) in points {
            lat_min = f64::min(lat_min, la);
            lat_max = f64::max(lat_max, la);
            lon_min = f64::min(lon_min, lo);
            lon_max = f64::max(lon_max, lo);
        }
        let cos = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.1);
        // Spans in "latitude degrees" so both axes share one scale.
        let mut dy = lat_max - lat_min;
        let mut dx = (lon_max - lon_min) * cos;
        // Too small a box (one place): widen it around its centre.
        if dy < MIN_SPAN_DEG {
            lat_max += (MIN_SPAN_DEG - dy) / 2.0;
            dy = MIN_SPAN_DEG;
        }
        if dx < MIN_SPAN_DEG {
            lon_min -= (MIN_SPAN_DEG - dx) / 2.0 / cos;
            dx = MIN_SPAN_DEG;
        }
        // Keep the map between a wide strip and a square.
        let inner_w = WIDTH - 2.0 * PAD;
        let mut scale = inner_w / dx;
        let mut height = dy * scale + 2.0 * PAD;
        let max_h = WIDTH * 0.75;
        if height > max_h {
            scale = (max_h - 2.0 * PAD) / dy;
            let used_w = dx * scale;
            // Centre horizontally.
            lon_min -= (inner_w - used_w) / 2.0 / scale / cos;
            height = max_h;
        }
        let min_h = WIDTH * 0.45;
        if height < min_h {
            lat_max += (min_h - height) / 2.0 / scale;
            height = min_h;
        }
        Projection {
            lat_max,
            lon_min,
            scale,
            cos,
            height,
        }
    }

    fn xy(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            PAD + (lon - self.lon_min) * self.cos * self.scale,
            PAD + (self.lat_max - lat) * self.scale,
        )
    }
}

#[derive(Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// A rough width of a name at 14px in a system sans-serif font.
fn label_width(s: &str) -> f64 {
    s.chars().count() as f64 * 8.3
}

/// Nudges markers that would overlap apart (places in one building, or next door), keeping
/// them inside the picture. A few rounds of pairwise pushes are enough for a hub's places.
fn separate(mut pos: Vec<(f64, f64)>, w: f64, h: f64) -> Vec<(f64, f64)> {
    if pos.len() > 200 {
        return pos;
    }
    for _ in 0..30 {
        let mut moved = false;
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                let (dx, dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let d = (dx * dx + dy * dy).sqrt();
                if d >= MIN_GAP {
                    continue;
                }
                moved = true;
                // Same spot: push apart along a fixed diagonal, by index, so output is stable.
                let (ux, uy) = if d < 0.01 {
                    (0.8, 0.6)
                } else {
                    (dx / d, dy / d)
                };
                let push = (MIN_GAP - d) / 2.0 + 0.5;
                pos[i] = (pos[i].0 - ux * push, pos[i].1 - uy * push);
                pos[j] = (pos[j].0 + ux * push, pos[j].1 + uy * push);
            }
        }
        for p in &mut pos {
            p.0 = p.0.clamp(14.0, w - 14.0);
            p.1 = p.1.clamp(14.0, h - 30.0);
        }
        if !moved {
            break;
        }
    }
    pos
}

/// A scale bar length that reads well: the largest of 100 m, 200 m, 500 m, 1, 2, 5 km... that
/// fits a quarter of the width.
fn scale_bar(px_per_km: f64) -> (f64, String) {
    let target = WIDTH / 4.0 / px_per_km;
    let mut best = 0.1;
    for km in [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0] {
        if km <= target {
            best = km;
        }
    }
    let m = super::messages::active();
    let label = if best < 1.0 {
        m.text("map.metres", &[("n", &(best * 1000.0).round())])
    } else {
        m.text("map.kilometres", &[("n", &best)])
    };
    (best * px_per_km, label)
}

/// The map as an SVG element. `id` makes the title and description ids unique on the page.
/// With `fit_outline` the whole outline is in view; otherwise the view fits the places and
/// the outline is cut off at the edges.
pub fn svg(
    id: &str,
    title: &str,
    places: &[Place],
    outline: &[(f64, f64)],
    fit_outline: bool,
) -> String {
    if places.is_empty() {
        return String::new();
    }
    let mut points: Vec<(f64, f64)> = places.iter().map(|p| (p.lat, p.lon)).collect();
    if fit_outline {
        points.extend_from_slice(outline);
    }
    let pr = Projection::fit(&points);
    let h = pr.height.round();
    let mut s = String::with_capacity(512 + places.len() * 300);
    let hubs = places.iter().filter(|p| p.hub).count();
    let m = super::messages::active();
    let mut desc = m.count("map.description", places.len(), &[]);
    if hubs > 0 {
        desc.push(' ');
        desc.push_str(&m.text("map.hubs_are_squares", &[]));
    }
    if outline.len() >= 3 {
        desc.push(' ');
        desc.push_str(&m.text("map.outline", &[]));
    }
    let _ = write!(
        s,
        r##"<svg class="map__svg" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc><rect width="{w}" height="{h}" fill="#f8f8f8"/>"##,
        w = WIDTH,
        title = escape_html(title),
        desc = escape_html(&desc),
    );
    if outline.len() >= 3 {
        s.push_str(r##"<polygon fill="#e8f0e3" stroke="#505a5f" stroke-width="2" stroke-dasharray="6 4" points=""##);
        for (i, &(la, lo)) in outline.iter().enumerate() {
            let (x, y) = pr.xy(la, lo);
            let _ = write!(s, "{}{x:.1},{y:.1}", if i > 0 { " " } else { "" });
        }
        s.push_str(r#""/>"#);
    }
    let pos = separate(
        places.iter().map(|p| pr.xy(p.lat, p.lon)).collect(),
        WIDTH,
        h,
    );
    for (i, p) in places.iter().enumerate() {
        let (x, y) = pos[i];
        let n = i + 1;
        if p.hub {
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="24" height="24" fill="#1d4f91" stroke="#fff" stroke-width="2"/>"##,
                x - 12.0,
                y - 12.0
            );
        } else {
            let _ = write!(
                s,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="12" fill="#0b0c0c" stroke="#fff" stroke-width="2"/>"##
            );
        }
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="13" font-weight="700" fill="#fff">{n}</text>"##,
            y + 4.5
        );
    }
    // Names go beside markers where they fit without covering another marker or name;
    // the rest are left to the numbered list.
    let mut taken: Vec<Rect> = pos.iter().map(|&(x, y)| Rect::around(x, y, 13.0)).collect();
    for (i, p) in places.iter().enumerate().take(MAX_LABELS * 4) {
        let (x, y) = pos[i];
        let w = label_width(&p.name);
        let right = Rect {
            x0: x + 15.0,
            y0: y - 9.0,
            x1: x + 17.0 + w,
            y1: y + 9.0,
        };
        let left = Rect {
            x0: x - 17.0 - w,
            y0: y - 9.0,
            x1: x - 15.0,
            y1: y + 9.0,
        };
        let fits = |r: &Rect, taken: &[Rect]| {
            r.x0 >= 2.0 && r.x1 <= WIDTH - 2.0 && !taken.iter().any(|t| t.overlaps(r))
        };
        let (rect, anchor, tx) = if fits(&right, &taken) {
            (right, "start", x + 17.0)
        } else if fits(&left, &taken) {
            (left, "end", x - 17.0)
        } else {
            continue;
        };
        taken.push(rect);
        let _ = write!(
            s,
            r##"<text x="{tx:.1}" y="{:.1}" text-anchor="{anchor}" font-size="14" fill="#0b0c0c" stroke="#fff" stroke-width="4" paint-order="stroke">{}</text>"##,
            y + 5.0,
            escape_html(&p.name)
        );
    }
    let (bar, label) = scale_bar(pr.scale / KM_PER_DEG_LAT);
    let y = h - 12.0;
    let _ = write!(
        s,
        r##"<path d="M12 {:.1}v6h{bar:.1}v-6" fill="none" stroke="#0b0c0c" stroke-width="2"/><text x="{:.1}" y="{:.1}" font-size="13" fill="#0b0c0c">{label}</text>"##,
        y - 6.0,
        bar + 18.0,
        y
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, lat: f64, lon: f64) -> Place {
        Place {
            name: name.into(),
            lat,
            lon,
            hub: false,
        }
    }

    #[test]
    fn places_land_inside_the_picture_with_north_up() {
        let places = [
            place("North", 53.09, -1.40),
            place("South", 53.02, -1.40),
            place("East", 53.05, -1.30),
        ];
        let pr = Projection::fit(&places.iter().map(|p| (p.lat, p.lon)).collect::<Vec<_>>());
        let (nx, ny) = pr.xy(53.09, -1.40);
        let (_, sy) = pr.xy(53.02, -1.40);
        let (ex, _) = pr.xy(53.05, -1.30);
        assert!(ny < sy, "north is above south");
        assert!(ex > nx, "east is right of west");
        for p in &places {
            let (x, y) = pr.xy(p.lat, p.lon);
            assert!((0.0..=WIDTH).contains(&x) && (0.0..=pr.height).contains(&y));
        }
    }

    #[test]
    fn one_place_and_hostile_names_are_safe() {
        let s = svg(
            "m",
            "Map <of> things",
            &[place("<script>&", 53.0, -1.4)],
            &[],
            true,
        );
        assert!(s.contains("&lt;script&gt;&amp;"));
        assert!(!s.contains("<script"));
        assert!(s.contains("Map &lt;of&gt; things"));
        assert!(!s.contains("NaN") && !s.contains("inf"));
        assert_eq!(svg("m", "x", &[], &[], true), "");
    }
}
