//! `signpost import oruk --sync`: importing the same feed again updates what the feed
//! changed, keeps what the council added or edited, says where both changed a field, and
//! pauses listings that left the feed; a sync with nothing new changes nothing.

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, copy_dir, repo};

fn import(feed: &Path, content: &Path, sync: bool) -> Output {
    let mut c = bin();
    c.args(["import", "oruk"])
        .arg(feed)
        .arg("--into")
        .arg(content)
        .arg("--mapping")
        .arg(feed.join("mapping.yaml"));
    if sync {
        c.arg("--sync");
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn edit(path: &Path, from: &str, to: &str) {
    let t = std::fs::read_to_string(path).unwrap();
    assert!(t.contains(from), "{from} not in {t}");
    std::fs::write(path, t.replacen(from, to, 1)).unwrap();
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn a_sync_keeps_the_councils_edits_takes_the_feeds_and_pauses_what_left() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed");
    copy_dir(&repo().join("tests/feeds/hsds3-pages"), &feed);
    let content = dir.path().join("content");
    let first = import(&feed, &content, false);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));

    // A sync with nothing new changes nothing, and says so.
    let before = snapshot(&content);
    let again = import(&feed, &content, true);
    let out = text(&again);
    assert_eq!(again.status.code(), Some(0), "{out}");
    assert!(out.contains("Sync: nothing changed"), "{out}");
    assert_eq!(
        snapshot(&content),
        before,
        "a sync with nothing new changed files"
    );

    // The council adds a need, edits the level of one listing and the summary of another.
    let club = content.join("services/dads-saturday-club.md");
    edit(&club, "level: 1", "level: 2");
    edit(
        &club,
        "- dads-and-male-carers",
        "- dads-and-male-carers\n- parenting-support",
    );
    let explorers = content.join("services/little-explorers-stay-and-play.md");
    edit(
        &explorers,
        "summary: A relaxed stay and play",
        "summary: In our own words, a relaxed stay and play",
    );
    // The feed changes the club's description and the explorers' summary, and drops the
    // toy library.
    let page1 = feed.join("services/page-1.json");
    edit(
        &page1,
        "Play, breakfast and a chat for dads",
        "Play, a cooked breakfast and a chat for dads",
    );
    edit(
        &page1,
        "A relaxed&nbsp;stay and play",
        "A relaxed and friendly&nbsp;stay and play",
    );
    let page2 = feed.join("services/page-2.json");
    let mut p2: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&page2).unwrap()).unwrap();
    p2["contents"].as_array_mut().unwrap().remove(0);
    std::fs::write(&page2, p2.to_string()).unwrap();
    // The toy library was paused by the feed; make it active here so the sync has to
    // pause it again.
    edit(
        &content.join("services/toy-library.md"),
        "status: paused\n",
        "",
    );

    let sync = import(&feed, &content, true);
    let out = text(&sync);
    assert_eq!(sync.status.code(), Some(0), "{out}");
    let club_now = std::fs::read_to_string(&club).unwrap();
    assert!(club_now.contains("level: 2"), "{club_now}");
    assert!(club_now.contains("- parenting-support"), "{club_now}");
    assert!(
        club_now.contains("summary: Play, a cooked breakfast and a chat"),
        "{club_now}"
    );
    let explorers_now = std::fs::read_to_string(&explorers).unwrap();
    assert!(
        explorers_now.contains("summary: In our own words, a relaxed stay and play"),
        "{explorers_now}"
    );
    assert!(
        out.contains("`summary` was changed here and in the feed: your edit was kept"),
        "{out}"
    );
    assert!(out.contains("updated from the feed: summary"), "{out}");
    let toys = std::fs::read_to_string(content.join("services/toy-library.md")).unwrap();
    assert!(toys.contains("status: paused"), "{toys}");
    assert!(
        out.contains("services/toy-library.md: no longer in the feed, so its status is now paused"),
        "{out}"
    );
    assert!(
        out.contains("Sync: 1 listings updated from the feed"),
        "{out}"
    );
    let check = bin()
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));
    build_ok(&content, &dir.path().join("site"));
}
