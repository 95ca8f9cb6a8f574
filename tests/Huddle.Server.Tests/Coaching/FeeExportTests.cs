using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Huddle.Core.Coaching;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>The admin's fee export for billing: one CSV row per charge, only charges, only the period asked for.</summary>
public class FeeExportTests : CoachingTest
{
    private static readonly DateTimeOffset Thursday10 = Wednesday10.AddDays(1);
    private const long NoShowFeeCents = 2500; // Coaching:NoShowFeeCents' default
    private const string Header = "session_id,scheduled_at,status,charge,amount,currency,client,client_email,coach,coach_email,reason,refund_requested";

    [Fact]
    public async Task Export_ListsEachLateCancellationAndLateReschedule_InThePeriod_AndNothingFree()
    {
        var ana = await CoachAsync(name: "Ana");
        var bo = await CoachAsync(name: "Bo");
        var canceller = await RegisterAsync("=HYPERLINK(\"http://evil\")");
        var mover = await RegisterAsync("Mo");
        var early = await RegisterAsync("Eve");
        var cancelled = (await BookedAsync(canceller, ana, Wednesday10)).Str("id");
        var moved = (await BookedAsync(mover, bo, Wednesday10)).Str("id");
        var freeCancel = (await BookedAsync(early, ana, Wednesday10.AddHours(4))).Str("id");
        Time.Advance(Wednesday10 - Start - TimeSpan.FromHours(23));
        (await canceller.Http.PostAsJsonAsync($"/api/sessions/{cancelled}/cancel", new { reason = "Flight moved, sorry", refundRequested = true })).EnsureSuccessStatusCode();
        (await mover.Http.PostAsJsonAsync($"/api/sessions/{moved}/reschedule", new { scheduledAt = Thursday10.ToString("O"), expectedFeeCents = LateFeeCents })).EnsureSuccessStatusCode();
        (await early.Http.PostAsJsonAsync($"/api/sessions/{freeCancel}/cancel", new { reason = "Changed plans" })).EnsureSuccessStatusCode();

        var (all, disposition) = await ExportAsync(Admin.Http, "2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z");
        var (thursdayOnly, _) = await ExportAsync(Admin.Http, "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z");

        Assert.Equal(
        [
            Header,
            $"{cancelled},2026-03-04T10:00:00Z,cancelled,late_cancellation,30.00,USD,\"'=HYPERLINK(\"\"http://evil\"\")\",{canceller.Email},Ana,{ana.Email},\"Flight moved, sorry\",true",
            $"{moved},2026-03-05T10:00:00Z,scheduled,late_reschedule,30.00,USD,Mo,{mover.Email},Bo,{bo.Email},,false",
        ], all);
        Assert.Equal([Header, all[2]], thursdayOnly);
        Assert.Equal("attachment; filename=\"coaching-fees-20260301-20260306.csv\"", disposition);
    }

    [Fact]
    public async Task Export_ListsAClientNoShowFee_Once_AndNothingForASessionNobodyStarted()
    {
        var coach = await CoachAsync(name: "Ana");
        var client = await RegisterAsync("Nils");
        var noShow = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        var missed = (await BookedAsync(client, coach, Wednesday10.AddHours(2))).Str("id");
        Time.Advance(Wednesday10.AddHours(4) - Start);
        await Server.Services.GetRequiredService<CoachingOverdue>().SweepAsync(CancellationToken.None); // both missed: no fee yet
        var (none, _) = await ExportAsync(Admin.Http, "2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z");

        var marked = await coach.Http.PostAsync($"/api/sessions/{noShow}/no-show", null);
        var again = await coach.Http.PostAsync($"/api/sessions/{noShow}/no-show", null);
        var (lines, _) = await ExportAsync(Admin.Http, "2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z");

        Assert.Equal([Header], none);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Equal(NoShowFeeCents, (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("noShowFeeCents").GetInt64());
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal([Header, $"{noShow},2026-03-04T10:00:00Z,no_show,no_show,25.00,USD,Nils,{client.Email},Ana,{coach.Email},,false"], lines);
        var stillMissed = await client.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{missed}");
        Assert.Equal(("missed", 0L), (stillMissed.Str("status"), stillMissed.GetProperty("noShowFeeCents").GetInt64()));
    }

    [Fact]
    public async Task Export_IsForAdminsOnly_AndRefusesABadPeriod_WithCodedErrors()
    {
        var coach = await CoachAsync();
        const string route = "/api/admin/coaching-fees.csv";

        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().GetAsync($"{route}?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z")).StatusCode);
        await AssertProblemAsync(await coach.Http.GetAsync($"{route}?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z"), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await Admin.Http.GetAsync($"{route}?to=2026-03-02T00:00:00Z"), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await Admin.Http.GetAsync($"{route}?from=yesterday&to=2026-03-02T00:00:00Z"), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await Admin.Http.GetAsync($"{route}?from=2026-03-02T00:00:00Z&to=2026-03-02T00:00:00Z"), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await Admin.Http.GetAsync($"{route}?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z"), HttpStatusCode.BadRequest, "invalid_input");
        var (year, _) = await ExportAsync(Admin.Http, "2026-01-01T00:00:00Z", "2027-01-02T00:00:00Z");
        Assert.Equal([Header], year);
    }

    private static async Task<(List<string> Lines, string? Disposition)> ExportAsync(HttpClient http, string from, string to)
    {
        var response = await http.GetAsync($"/api/admin/coaching-fees.csv?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return ([.. text[..^2].Split("\r\n")], response.Content.Headers.ContentDisposition?.ToString());
    }
}
