namespace Huddle.Server.Realtime;

public static class CoachingGroups
{
    public static string Account(Guid accountId) => $"account:{accountId:N}";

    public static string CoachWatchers(Guid coachId) => $"coach:{coachId:N}";

    /// <summary>Whoever views the coach directory: every coach's availabilityChanged (to refresh "next free").</summary>
    public const string Directory = "coaches";
}
