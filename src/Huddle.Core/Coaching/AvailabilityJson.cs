using System.Globalization;
using System.Text.Json;

namespace Huddle.Core.Coaching;

/// <summary>The stored (and wire) form of availability: windows as "HH:mm" strings, days 0 = Sunday.</summary>
public sealed record AvailabilityDocument(string TimeZone, List<WindowDocument> Windows, List<ExceptionDocument> Exceptions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AvailabilityDocument Of(CoachAvailability a) => new(
        a.TimeZone.Id,
        [.. a.Weekly.OrderBy(w => w.Day).ThenBy(w => w.Window.StartMinute).Select(w => new WindowDocument((int)w.Day, w.Window.Start, w.Window.End))],
        [.. a.Exceptions.OrderBy(e => e.Date).Select(e => new ExceptionDocument(
            e.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [.. e.Windows.Select(w => new SpanDocument(w.Start, w.End))]))]);

    /// <summary>Validates everything (zone, days, clock times, overlaps, limits) and builds the domain value.</summary>
    public CoachAvailability ToDomain()
    {
        var zone = CoachAvailability.ParseTimeZone(TimeZone);
        var windows = Windows ?? [];
        var exceptions = Exceptions ?? [];
        if (windows.Count > CoachAvailability.MaxWindows) throw Errors.InvalidInput($"At most {CoachAvailability.MaxWindows} weekly windows.");
        if (exceptions.Count > CoachAvailability.MaxExceptions) throw Errors.InvalidInput($"At most {CoachAvailability.MaxExceptions} exceptions.");
        var weekly = new List<WeeklyWindow>();
        foreach (var w in windows)
        {
            if (w is null) throw Errors.InvalidInput("A window cannot be null.");
            if (w.DayOfWeek is < 0 or > 6) throw Errors.Invalid(ErrorCodes.InvalidWindow, "dayOfWeek must be 0 (Sunday) to 6 (Saturday).");
            weekly.Add(new WeeklyWindow((DayOfWeek)w.DayOfWeek, CoachAvailability.ParseWindow(w.Start, w.End)));
        }

        foreach (var day in weekly.GroupBy(w => w.Day)) CoachAvailability.EnsureDisjoint(day.Select(w => w.Window), day.Key.ToString());
        var dates = new List<DateException>();
        foreach (var e in exceptions)
        {
            if (e is null || !DateOnly.TryParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw Errors.Invalid(ErrorCodes.InvalidWindow, "An exception's date must be YYYY-MM-DD.");
            var spans = (e.Windows ?? []).Select(s => s is null
                ? throw Errors.InvalidInput("A window cannot be null.")
                : CoachAvailability.ParseWindow(s.Start, s.End)).ToList();
            if (spans.Count > 10) throw Errors.InvalidInput("At most 10 windows per exception date.");
            CoachAvailability.EnsureDisjoint(spans, e.Date);
            if (dates.Any(d => d.Date == date)) throw Errors.Invalid(ErrorCodes.InvalidWindow, $"{e.Date} is listed twice in exceptions.");
            dates.Add(new DateException(date, spans));
        }

        return new CoachAvailability(zone, weekly, dates);
    }

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static AvailabilityDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<AvailabilityDocument>(json, Json) ?? throw new FormatException("Empty availability.");
}

public sealed record WindowDocument(int DayOfWeek, string Start, string End);

public sealed record SpanDocument(string Start, string End);

public sealed record ExceptionDocument(string Date, List<SpanDocument> Windows);
