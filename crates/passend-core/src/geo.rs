//! Positions on the map: WGS84 points, great-circle distance and a flat projection for
//! drawing the Netherlands without map tiles.

/// A WGS84 position in degrees.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
}

/// Mean earth radius in km (IUGG), as used for great-circle distance.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

impl LatLon {
    /// A point, if it lies in a box around the Netherlands and its border regions.
    /// Anything else is a data error (swapped columns, zero, a foreign CRS).
    pub fn new_in_netherlands(lat: f64, lon: f64) -> Option<LatLon> {
        ((50.5..=53.8).contains(&lat) && (3.0..=7.4).contains(&lon)).then_some(LatLon { lat, lon })
    }

    /// Great-circle (haversine) distance in km.
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let dphi = phi2 - phi1;
        let dlambda = (other.lon - self.lon).to_radians();
        let a =
            (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

/// Local flat coordinates in km, east and north of a reference point. At the scale of
/// the Netherlands an equirectangular projection at 52.2°N is accurate to well under 1 %
/// for drawing; distances use [`LatLon::distance_km`].
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Xy {
    /// km east.
    pub x: f64,
    /// km north.
    pub y: f64,
}

/// The reference of the flat projection: the centre of the Netherlands.
pub const PROJECTION_ORIGIN: LatLon = LatLon {
    lat: 52.2,
    lon: 5.3,
};

/// Projects a point to km east/north of [`PROJECTION_ORIGIN`].
pub fn project(p: LatLon) -> Xy {
    let km_per_degree = EARTH_RADIUS_KM.to_radians();
    Xy {
        x: (p.lon - PROJECTION_ORIGIN.lon)
            * km_per_degree
            * PROJECTION_ORIGIN.lat.to_radians().cos(),
        y: (p.lat - PROJECTION_ORIGIN.lat) * km_per_degree,
    }
}

/// The inverse of [`project`].
pub fn unproject(xy: Xy) -> LatLon {
    let km_per_degree = EARTH_RADIUS_KM.to_radians();
    LatLon {
        lat: xy.y / km_per_degree + PROJECTION_ORIGIN.lat,
        lon: xy.x / (km_per_degree * PROJECTION_ORIGIN.lat.to_radians().cos())
            + PROJECTION_ORIGIN.lon,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_between_known_places() {
        // Amsterdam Dam to Utrecht Dom: about 35 km as the crow flies.
        let dam = LatLon {
            lat: 52.3731,
            lon: 4.8926,
        };
        let dom = LatLon {
            lat: 52.0907,
            lon: 5.1214,
        };
        let d = dam.distance_km(dom);
        assert!((34.0..36.0).contains(&d), "{d}");
        assert_eq!(dam.distance_km(dam), 0.0);
    }

    #[test]
    fn projection_round_trips_and_keeps_distances_close() {
        let a = LatLon {
            lat: 53.2,
            lon: 6.56,
        };
        let b = LatLon {
            lat: 51.44,
            lon: 5.47,
        };
        let back = unproject(project(a));
        assert!((back.lat - a.lat).abs() < 1e-9 && (back.lon - a.lon).abs() < 1e-9);
        let (pa, pb) = (project(a), project(b));
        let flat = ((pa.x - pb.x).powi(2) + (pa.y - pb.y).powi(2)).sqrt();
        let round = a.distance_km(b);
        assert!((flat - round).abs() / round < 0.01, "{flat} vs {round}");
    }

    #[test]
    fn points_outside_the_netherlands_are_rejected() {
        assert!(LatLon::new_in_netherlands(52.0, 5.0).is_some());
        assert!(LatLon::new_in_netherlands(5.0, 52.0).is_none());
        assert!(LatLon::new_in_netherlands(0.0, 0.0).is_none());
    }
}
