use super::*;
use crate::load::default_dataset;
use crate::model::Kind;

fn data() -> Dataset {
    default_dataset().unwrap().dataset
}

/// A spread of filters that together touch every branch of `apply`.
fn filters(data: &Dataset) -> Vec<Filter> {
    let mut filters = vec![Filter::default()];
    let codes: Vec<String> = data.actors().iter().map(|a| a.code.clone()).collect();
    for (i, code) in codes.iter().enumerate() {
        let pair = vec![code.clone(), codes[(i + 1) % codes.len()].clone()];
        for actor_match in [ActorMatch::Any, ActorMatch::All] {
            filters.push(Filter { actors: pair.clone(), actor_match, ..Filter::default() });
        }
    }
    for kind in Kind::ALL {
        let mut kinds = KindSet::all();
        kinds.set(kind, false);
        filters.push(Filter { kinds, ..Filter::default() });
        filters.push(Filter { kinds: [kind].into_iter().collect(), actors: vec!["AZE".into()], ..Filter::default() });
    }
    for (from, to) in [("2008", "2008"), ("2020-10", "2021-01-11"), ("1990", "1998-06"), ("2022-02-22", "2030")] {
        filters.push(Filter {
            from: Some(PartialDate::parse(from).unwrap()),
            to: Some(PartialDate::parse(to).unwrap()),
            ..Filter::default()
        });
    }
    for text in ["karabakh", "MOSCOW", "ceasefire russia", "sovereignty", "no-such-word"] {
        filters.push(Filter { text: text.into(), ..Filter::default() });
    }
    filters.push(Filter {
        actors: vec!["AZE".into(), "ZZZ".into()],
        actor_match: ActorMatch::All,
        ..Filter::default()
    });
    filters.push(Filter { actors: vec!["AZE".into(), "ZZZ".into()], ..Filter::default() });
    for day in ["1999-06-01", "2009-12-31", "2022-02-22"] {
        let in_force = Some(PartialDate::parse(day).unwrap());
        filters.push(Filter { in_force, ..Filter::default() });
        filters.push(Filter { in_force, actors: vec!["GEO".into(), "AZE".into()], ..Filter::default() });
    }
    filters
}

#[test]
fn every_returned_event_matches_and_every_other_does_not() {
    let data = data();
    for filter in filters(&data) {
        let shown = filter.apply(&data);
        assert!(shown.windows(2).all(|w| w[0] < w[1]), "not in date order: {filter:?}");
        for i in 0..data.len() {
            let id = EventId(i as u32);
            assert_eq!(shown.binary_search(&id).is_ok(), filter.matches(&data, id), "{filter:?} event {i}");
        }
    }
}

#[test]
fn all_of_two_actors_keeps_only_their_joint_events() {
    let data = data();
    let filter = Filter { actors: vec!["RUS".into(), "AZE".into()], actor_match: ActorMatch::All, ..Filter::default() };
    let shown = filter.apply(&data);
    let rus = data.actor_by_code("RUS").unwrap();
    let aze = data.actor_by_code("AZE").unwrap();
    let expected = data.events().filter(|e| e.parties.contains(&rus) && e.parties.contains(&aze)).count();
    assert_eq!(shown.len(), expected);
    assert!(shown.iter().any(|id| data.event(*id).id == "rus-aze-allied-interaction-declaration"));
    let any = Filter { actor_match: ActorMatch::Any, ..filter }.apply(&data);
    assert!(any.len() > shown.len());
}

#[test]
fn unticking_a_kind_removes_exactly_its_events() {
    let data = data();
    let mut filter = Filter::default();
    filter.kinds.set(Kind::Conflict, false);
    let conflicts = data.events().filter(|e| e.kind == Kind::Conflict).count();
    assert!(conflicts > 0);
    assert_eq!(filter.apply(&data).len(), data.len() - conflicts);
}

#[test]
fn a_date_range_keeps_spans_that_overlap_it() {
    let data = data();
    let filter = Filter {
        from: Some(PartialDate::parse("2020-10-15").unwrap()),
        to: Some(PartialDate::parse("2020-10-20").unwrap()),
        ..Filter::default()
    };
    let titles: Vec<&str> = filter.apply(&data).iter().map(|id| data.event(*id).id).collect();
    // The war ran from September to November 2020, so it overlaps a week in October.
    assert!(titles.contains(&"second-karabakh-war"), "{titles:?}");
    assert!(titles.contains(&"humanitarian-truce-2020-10-17"), "{titles:?}");
}

#[test]
fn text_search_is_case_insensitive_and_needs_every_word() {
    let data = data();
    let one = Filter { text: "SHUSHA".into(), ..Filter::default() }.apply(&data);
    assert!(one.iter().any(|id| data.event(*id).id == "shusha-declaration"));
    let both = Filter { text: "shusha turkey".into(), ..Filter::default() }.apply(&data);
    assert!(!both.is_empty() && both.len() <= one.len());
    assert!(Filter { text: "qqqzzz".into(), ..Filter::default() }.apply(&data).is_empty());
}
