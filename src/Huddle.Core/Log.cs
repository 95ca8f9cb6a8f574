namespace Huddle.Core;

/// <summary>
/// Huddle's stable log event ids, every one in this one place (docs/operations.md has the table; a test
/// keeps them equal). Operators filter and alert on these numbers, so a new id is appended, never reused
/// or renumbered. It lives in Core so that Storage's log lines take their ids from here too.
/// </summary>
public static class Log
{
    // Session lifecycle (Realtime/HubPublisher.cs)
    public const int SessionCreated = 1000;
    public const int ParticipantJoined = 1001;
    public const int ParticipantLeft = 1002;
    public const int HostMigrated = 1003;
    public const int ParticipantKicked = 1004;
    public const int SessionEnded = 1005;
    public const int SessionExpired = 1006;
    public const int Swept = 1010;

    // Rejections
    public const int HubRejected = 1100;
    public const int RequestRejected = 1101;

    // Nodes and commit notices
    public const int CommitNoticesListening = 1110;
    public const int CommitNoticesLost = 1111;
    public const int CatchUpFailed = 1112;
    public const int AdminKeyRejected = 1120;

    /// <summary>Shares 1120 with <see cref="AdminKeyRejected"/> (an old clash, kept: operators may filter on it).</summary>
    public const int SilentNodesExpired = 1120;
    public const int NodeRevived = 1121;

    // Shutdown, telemetry, requests
    public const int ShutdownStarted = 1130;
    public const int ShutdownNotTold = 1131;
    public const int OtlpEnabled = 1140;
    public const int RequestFinished = 1150;

    // Shared limits (Server/Limits/SharedLimits.cs)
    public const int LimitStoreDown = 1160;
    public const int LimitStoreBack = 1161;

    // The Redis bus (Storage/Redis/RedisBus.cs)
    public const int BusLost = 1170;
    public const int BusBack = 1171;

    // Movie catalog
    public const int TmdbRetry = 1500;
    public const int TmdbFailed = 1501;
    public const int MovieCatalogFallback = 1510;

    // Jellyfin as a film source (Server/Movies/Jellyfin/JellyfinLibrary.cs)
    public const int JellyfinFilmsListed = 1560;
    public const int JellyfinUnavailable = 1561;
    public const int JellyfinLibraryCut = 1562;

    // Music folder
    public const int MusicFolderInUse = 1600;
    public const int NoMusicFolder = 1601;
    public const int MusicFolderScanned = 1602;
    public const int MusicTagsUnreadable = 1603;
    public const int MusicEntrySkipped = 1604;
    public const int MusicFolderMissing = 1605;
    public const int MusicFolderNotWatched = 1606;
    public const int MusicScanFailed = 1607;

    // Subsonic (Music/Subsonic/SubsonicSongSource.cs)
    public const int SubsonicInUse = 1640;
    public const int SubsonicSongsListed = 1641;
    public const int SubsonicUnavailable = 1642;
    public const int SubsonicLibraryCut = 1643;
    public const int SubsonicSongsSkipped = 1644;

    // Spotify (Music/Spotify/SpotifyLinks.cs)
    public const int SpotifyLinked = 1700;
    public const int SpotifyUnlinked = 1701;
    public const int SpotifyTokenRefreshed = 1702;
    public const int SpotifyRefreshRefused = 1703;
    public const int SpotifyCallFailed = 1704;
    public const int SpotifyFollowFailed = 1705;

    // Failures
    public const int Unhandled = 1900;
    public const int HubFailed = 1901;
    public const int BackgroundFailed = 1902;

    // Coaching accounts and notices
    public const int AccountCreated = 4001;
    public const int LoginFailed = 4002;
    public const int PasswordChanged = 4003;
    public const int SignedOutEverywhere = 4004;
    public const int AdminBootstrapped = 4010;
    public const int CoachingNoticesLost = 4020;
    public const int CoachingNoticeNotRelayed = 4021;

    // Coaching e-mail
    public const int MailRetrying = 4030;
    public const int MailDead = 4031;
    public const int MailPassFailed = 4032;

    // Coaching webhooks
    public const int WebhookRetrying = 4040;
    public const int WebhookFailed = 4041;
    public const int WebhookPassFailed = 4042;

    // External busy calendars
    public const int BusyCalendarFetchFailed = 4075;

    // Coaching overdue sweep
    public const int CoachingOverdueClosed = 4060;
    public const int SigningKeyGenerated = 4090;
}
