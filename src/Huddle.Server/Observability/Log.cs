namespace Huddle.Server.Observability;

/// <summary>
/// Huddle's stable log event ids, in one place (docs/operations.md has the table). The lifecycle
/// ids 1000–1006 are written by Realtime/HubPublisher.cs; a new id is appended, never reused.
/// </summary>
public static class Log
{
    public const int SessionCreated = 1000;
    public const int ParticipantJoined = 1001;
    public const int ParticipantLeft = 1002;
    public const int HostMigrated = 1003;
    public const int ParticipantKicked = 1004;
    public const int SessionEnded = 1005;
    public const int SessionExpired = 1006;
    public const int Swept = 1010;
    public const int HubRejected = 1100;
    public const int RequestRejected = 1101;
    public const int AdminKeyRejected = 1120;
    public const int ShutdownStarted = 1130;
    public const int ShutdownNotTold = 1131;
    public const int OtlpEnabled = 1140;
    public const int RequestFinished = 1150;
    public const int Unhandled = 1900;
    public const int HubFailed = 1901;
    public const int BackgroundFailed = 1902;
}
