//! Nearest-point and within-distance search over great-circle distance, with an R-tree
//! on projected coordinates.
//!
//! The R-tree orders candidates by distance in the flat projection, which differs from
//! the great-circle distance by at most a few per cent across the Netherlands. The search
//! therefore keeps walking candidates until no further one can beat the best great-circle
//! distance found, so the answer is exactly that of a brute-force search.

use rstar::RTree;
use rstar::primitives::GeomWithData;

use passend_core::geo::{LatLon, Xy, project};

/// How much shorter (relatively) a flat distance can be than the great-circle distance
/// in the box `LatLon::new_in_netherlands` allows; 5 % is a safe margin over the ~3 %
/// the projection can err there.
const PROJECTION_SLACK: f64 = 0.05;

/// Indexed points, each with the caller's number.
pub struct SiteIndex {
    tree: RTree<GeomWithData<[f64; 2], (usize, LatLon)>>,
    len: usize,
}

/// The nearest point found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nearest {
    /// The caller's number of the point.
    pub id: usize,
    /// Great-circle distance in km.
    pub km: f64,
}

impl SiteIndex {
    /// Indexes points given as (caller's number, position).
    pub fn new(points: Vec<(usize, LatLon)>) -> SiteIndex {
        let len = points.len();
        let items = points
            .into_iter()
            .map(|(id, p)| {
                let xy = project(p);
                GeomWithData::new([xy.x, xy.y], (id, p))
            })
            .collect();
        SiteIndex {
            tree: RTree::bulk_load(items),
            len,
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The point nearest to `from` by great-circle distance; ties go to the lower id.
    pub fn nearest(&self, from: LatLon) -> Option<Nearest> {
        let xy = project(from);
        let mut best: Option<Nearest> = None;
        for (item, flat2) in self
            .tree
            .nearest_neighbor_iter_with_distance_2([xy.x, xy.y])
        {
            if best.is_some_and(|b| flat2.sqrt() * (1.0 - PROJECTION_SLACK) > b.km) {
                break;
            }
            let (id, point) = item.data;
            let km = from.distance_km(point);
            let better = match best {
                None => true,
                Some(b) => km < b.km || (km == b.km && id < b.id),
            };
            if better {
                best = Some(Nearest { id, km });
            }
        }
        best
    }

    /// Every point within `km` (great-circle) of `from`, with its distance.
    pub fn within(&self, from: LatLon, km: f64) -> Vec<Nearest> {
        let xy: Xy = project(from);
        let reach = km / (1.0 - PROJECTION_SLACK);
        self.tree
            .locate_within_distance([xy.x, xy.y], reach * reach)
            .filter_map(|item| {
                let (id, point) = item.data;
                let d = from.distance_km(point);
                (d <= km).then_some(Nearest { id, km: d })
            })
            .collect()
    }
}
