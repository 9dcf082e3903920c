//! Sorting through one compiled copy of the standard library's sort.
//!
//! Each `sort_by_key` or `sort_unstable` on another element type or key compiles a whole sort (driftsort or
//! ipnsort, 3 to 5 KB of wasm each), and a rule engine sorts many kinds of things. Here the sort runs on positions
//! with the comparison behind a `dyn`, so it is compiled once; only the small moves into place are generic. The cost
//! is one indirect call per comparison, which does not show next to building what is sorted.

use std::cmp::Ordering;

/// The positions `0..len` in the order `compare` puts them; positions that compare equal keep their order.
pub fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Sorts `items` by `key`, stably, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let order = stable_order(items.len(), &|a, b| items.get(a).map(&key).cmp(&items.get(b).map(&key)));
    arrange(items, &order);
}

/// Sorts `items` and drops repeats, as `sort_unstable` then `dedup` do.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    let order = stable_order(items.len(), &|a, b| items.get(a).cmp(&items.get(b)));
    arrange(items, &order);
    items.dedup();
}

/// Moves `items` into `order`, a permutation of their positions.
fn arrange<T>(items: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.iter().filter_map(|&position| slots.get_mut(position).and_then(Option::take)));
}

#[cfg(test)]
mod tests {
    use super::{sort_by_key, sort_dedup, stable_order};

    #[test]
    fn sorts_by_key_and_keeps_equal_keys_in_order() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |item| item.0);
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        sort_by_key(&mut items, |item| std::cmp::Reverse(item.0));
        assert_eq!(items, [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
    }

    #[test]
    fn sorts_and_drops_repeats() {
        let mut words = vec!["b", "a", "c", "a", "b"];
        sort_dedup(&mut words);
        assert_eq!(words, ["a", "b", "c"]);
        let mut empty: Vec<u8> = Vec::new();
        sort_dedup(&mut empty);
        assert!(empty.is_empty());
    }

    #[test]
    fn order_matches_the_standard_stable_sort() {
        let keys: Vec<u32> = (0..500_u32).map(|n| n.wrapping_mul(2_654_435_761) % 97).collect();
        let mut expected: Vec<usize> = (0..keys.len()).collect();
        expected.sort_by_key(|&at| keys[at]);
        assert_eq!(stable_order(keys.len(), &|a, b| keys[a].cmp(&keys[b])), expected);
    }
}
