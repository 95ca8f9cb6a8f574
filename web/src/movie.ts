// Movie-night helpers: the catalog's id↔name mappings (read from the API, never copied here) and
// views of the deck for one participant.
import { useEffect, useState } from 'react';
import { api } from './api';
import type { MatchRule, MovieCard, Playback, Snapshot } from './types';

export interface CatalogNames {
  genres: Map<number, string>;
  providers: Map<number, string>;
  /** The catalog's fallback notice (TMDB failed), if any. */
  notice: string | null;
  error: string | null;
}

const empty: CatalogNames = { genres: new Map(), providers: new Map(), notice: null, error: null };

/** Genre names and the region's provider names, from GET /api/movies/genres and /providers. */
export function useCatalogNames(region: string): CatalogNames {
  const [names, setNames] = useState<CatalogNames>(empty);
  useEffect(() => {
    let live = true;
    Promise.all([api.movieGenres(), api.movieProviders(region)])
      .then(([genres, providers]) => {
        if (!live) return;
        setNames({
          genres: new Map(genres.items.map((g) => [g.id, g.name])),
          providers: new Map(providers.items.map((p) => [p.id, p.name])),
          notice: genres.notice ?? providers.notice,
          error: null,
        });
      })
      .catch((e: unknown) => { if (live) setNames({ ...empty, error: e instanceof Error ? e.message : String(e) }); });
    return () => { live = false; };
  }, [region]);
  return names;
}

export const matchRuleText: Record<MatchRule, string> = {
  all: 'Everyone here likes it',
  majority: 'More than half of those here like it',
  atLeastTwo: 'At least two people like it',
};

/** The watch party: in a movie session the snapshot's nowPlaying holds the picked film's card. */
export function watching(d: Snapshot): { movie: MovieCard; playback: Playback } | null {
  const np = d.nowPlaying as unknown as { item: MovieCard; playback: Playback } | null;
  return np && d.deck ? { movie: np.item, playback: np.playback } : null;
}

/** The first card in deck order that this participant has not decided yet. */
export function nextCard(d: Snapshot): { card: MovieCard; index: number } | null {
  const deck = d.deck;
  if (!deck) return null;
  const index = deck.cards.findIndex((c) => deck.myChoices[c.movieId] === undefined);
  return index < 0 ? null : { card: deck.cards[index], index };
}

export interface ImageSize { name: string; width: number }
/** GET /api/movies/images: TMDB's image base and the sizes offered for a srcset. */
export interface MovieImages { baseUrl: string; posterSizes: ImageSize[]; backdropSizes: ImageSize[]; source: 'tmdb' | 'default' }

export interface WatchOffer { providerId: number; providerName: string; logoUrl: string | null; kind: 'stream' | 'free' | 'ads' | 'rent' | 'buy'; link: string | null }
/** GET /api/movies/{id}/watch: the region's platforms, TMDB's attribution, or the sample data. */
export interface WatchOptions {
  movieId: number; region: string; link: string | null; offers: WatchOffer[]; source: 'offline' | 'tmdb';
  availabilityIsSample: boolean; attribution: string | null; attributionUrl: string | null; notice: string | null;
}

let imagesOnce: Promise<MovieImages | null> | null = null;

/** The image configuration, asked once per page (it changes rarely; the server caches TMDB's too). */
export function useMovieImages(): MovieImages | null {
  const [images, setImages] = useState<MovieImages | null>(null);
  useEffect(() => {
    let live = true;
    imagesOnce ??= api.movieImages().catch(() => { imagesOnce = null; return null; });
    void imagesOnce.then((i) => { if (live) setImages(i); });
    return () => { live = false; };
  }, []);
  return images;
}

/**
 * The img attributes of a poster or backdrop: one address per offered width, so a phone loads a small
 * file and a desktop a sharp one. Null when there is no path (the caller shows its fallback).
 */
export function imageSources(images: MovieImages | null, path: string | null | undefined, kind: 'poster' | 'backdrop', sizes: string) {
  const offered = images ? (kind === 'poster' ? images.posterSizes : images.backdropSizes) : [];
  if (!path || offered.length === 0) return null;
  const url = (s: ImageSize) => `${images!.baseUrl}${s.name}${path}`;
  return {
    src: url(offered[Math.min(1, offered.length - 1)]),
    srcSet: offered.map((s) => `${url(s)} ${s.width}w`).join(', '),
    sizes,
  };
}

export interface FilmSubtitle { id: string; label: string; url: string }
export interface FilmFile {
  id: string; title: string; contentType: string; videoUrl: string; subtitles: FilmSubtitle[];
  /** Where it comes from (older servers send neither field: the folder). */
  source?: 'folder' | 'jellyfin'; year?: number | null;
}
/** The Jellyfin source's state: off, unlisted, ok, or failed with a jellyfin_* code. */
export interface JellyfinStatus { state: 'off' | 'unlisted' | 'ok' | 'failed'; code: string | null; films: number }
/** GET /api/films: the server's film folder and Jellyfin films (configured: false when it has neither). */
export interface FilmList { configured: boolean; films: FilmFile[]; jellyfin?: JellyfinStatus | null }

export const offerKindText: Record<WatchOffer['kind'], string> = {
  stream: 'Stream', free: 'Free', ads: 'Free with ads', rent: 'Rent', buy: 'Buy',
};

export const runtimeText = (minutes: number | null) =>
  minutes ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min` : 'runtime unknown';
