#!/usr/bin/env python3
"""Builds src/Huddle.Core/Movies/movies.json, the offline movie catalog, from films.txt.

films.txt lists real films by their TMDB movie id with title, year, TMDB genre ids, runtime,
an approximate vote average, the original language and a one-line overview written for Huddle.

Which streaming provider offers which film in which region is SAMPLE DATA: it is derived from a
hash of (film, provider, region), so it is stable from run to run but says nothing about real
streaming rights. The file says so in its top-level fields, and the API carries
availabilityIsSample: true for every answer from this catalog.

Run from the repository root:  python3 tools/movies/generate-movies.py
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = pathlib.Path(__file__).with_name("films.txt")
POSTERS = pathlib.Path(__file__).with_name("posters.txt")
TARGET = ROOT / "src" / "Huddle.Core" / "Movies" / "movies.json"

# TMDB's official movie genre list (GET /genre/movie/list).
GENRES = [
    (28, "Action"), (12, "Adventure"), (16, "Animation"), (35, "Comedy"), (80, "Crime"),
    (99, "Documentary"), (18, "Drama"), (10751, "Family"), (14, "Fantasy"), (36, "History"),
    (27, "Horror"), (10402, "Music"), (9648, "Mystery"), (10749, "Romance"),
    (878, "Science Fiction"), (10770, "TV Movie"), (53, "Thriller"), (10752, "War"), (37, "Western"),
]

REGIONS = ["US", "GB", "DE", "FR", "CA", "AU", "IN", "BR", "JP"]
ALL = REGIONS

# TMDB watch-provider ids (GET /watch/providers/movie). The regions are where each service
# operates; `share` is the made-up fraction of the catalog each one carries in the sample data.
PROVIDERS = [
    (8, "Netflix", ALL, 0.22),
    (9, "Amazon Prime Video", ALL, 0.22),
    (337, "Disney Plus", ["US", "GB", "DE", "FR", "CA", "AU", "BR", "JP"], 0.10),
    (15, "Hulu", ["US"], 0.14),
    (350, "Apple TV Plus", ALL, 0.04),
    (1899, "Max", ["US", "FR", "BR"], 0.16),
    (531, "Paramount Plus", ["US", "GB", "DE", "FR", "CA", "AU", "BR"], 0.10),
    (386, "Peacock", ["US"], 0.10),
    (283, "Crunchyroll", ALL, 0.0),
    (230, "Crave", ["CA"], 0.15),
    (38, "BBC iPlayer", ["GB"], 0.07),
    (122, "Hotstar", ["IN"], 0.15),
    (2, "Apple TV", ALL, 0.85),
    (3, "Google Play Movies", ALL, 0.80),
]

FAMILY_GENRES = {16, 10751}


def unit(*parts):
    """A stable number in [0, 1) for the given parts."""
    digest = hashlib.sha256(":".join(str(p) for p in ("huddle-sample",) + parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def share(provider_id, base, film):
    genres, language = set(film["genreIds"]), film["originalLanguage"]
    if provider_id == 337:  # Disney Plus: mostly family and animation
        return 0.55 if genres & FAMILY_GENRES else base
    if provider_id == 283:  # Crunchyroll: Japanese animation only
        return 0.6 if language == "ja" and 16 in genres else 0.0
    return base


def availability(film):
    result = {}
    for region in REGIONS:
        ids = [pid for pid, _, regions, base in PROVIDERS
               if region in regions and unit(film["id"], pid, region) < share(pid, base, film)]
        if ids:
            result[region] = ids
    return result


def read_films():
    films = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        movie_id, title, year, genres, runtime, rating, language, overview = line.split("|")
        films.append({
            "id": int(movie_id),
            "title": title,
            "year": int(year),
            "genreIds": [int(g) for g in genres.split(",")],
            "runtimeMinutes": int(runtime),
            "voteAverage": float(rating),
            "originalLanguage": language,
            "overview": overview,
        })
    ids = [f["id"] for f in films]
    assert len(ids) == len(set(ids)), "duplicate TMDB ids in films.txt"
    known = {g for g, _ in GENRES}
    for f in films:
        assert set(f["genreIds"]) <= known, f"unknown genre in {f['title']}"
    return sorted(films, key=lambda f: f["id"])


def read_posters():
    """TMDB poster paths of the films whose path was checked (see posters.txt)."""
    posters = {}
    for line in POSTERS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        movie_id, path = line.split("|")
        assert path.startswith("/") and path.endswith(".jpg"), f"bad poster path {path}"
        posters[int(movie_id)] = path
    return posters


def main():
    films = read_films()
    posters = read_posters()
    assert set(posters) <= {f["id"] for f in films}, "a poster for a film not in films.txt"
    for film in films:
        film["availability"] = availability(film)
        if film["id"] in posters:
            film["posterPath"] = posters[film["id"]]
    header = {
        "description": "Huddle's offline movie catalog. Ids, titles, years and genre ids are those of real films on "
                       "The Movie Database (TMDB); runtimes and vote averages are approximate; overviews are written "
                       "for Huddle. This product uses the TMDB API but is not endorsed or certified by TMDB.",
        "availabilityIsSample": True,
        "availabilityNote": "SAMPLE DATA: which provider offers which film in which region is generated "
                            "deterministically by tools/movies/generate-movies.py and does not reflect real "
                            "streaming rights. Configure a TMDB API key for real availability.",
        "generatedBy": "tools/movies/generate-movies.py",
        "regions": REGIONS,
        "genres": [{"id": i, "name": n} for i, n in GENRES],
        "providers": [{"id": i, "name": n, "regions": r} for i, n, r, _ in PROVIDERS],
    }
    # One genre, provider or film per line keeps the file readable and its diffs small.
    def line(value):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    def block(items):
        return "[\n" + ",\n".join("    " + line(item) for item in items) + "\n  ]"

    text = "{\n" + "".join(f'  "{key}": {line(value)},\n' for key, value in header.items() if key not in ("genres", "providers"))
    text += f'  "genres": {block(header["genres"])},\n'
    text += f'  "providers": {block(header["providers"])},\n'
    text += f'  "movies": {block(films)}\n}}\n'
    json.loads(text)  # the output must stay valid JSON
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {len(films)} films to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
