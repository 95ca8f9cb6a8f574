using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Huddle.Server.Coaching;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// Coaching e-mail through a real SMTP server: what each booking change sends, in order, with the
/// invitation attached; and that the outbox loses nothing and sends each message once when SMTP is
/// down or the server dies between a commit and its e-mail. Passes are run by the test
/// (<see cref="OutboxPump.PumpAsync"/>) on the fake clock, so nothing depends on timing.
/// </summary>
public sealed class CoachingMailTests : CoachingTest, IAsyncDisposable
{
    private readonly SmtpReceiver _smtp = new();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => MailSettings(_smtp.Port);

    private static Dictionary<string, string?> MailSettings(int port) => new()
    {
        ["Huddle:Mail:Host"] = "127.0.0.1",
        ["Huddle:Mail:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Huddle:Mail:From"] = "Huddle <coaching@huddle.test>",
        ["Huddle:Mail:UseTls"] = "false",
        ["Huddle:Mail:FirstRetryDelay"] = "00:00:30",
        ["Huddle:Mail:MaxAttempts"] = "2",
        ["Huddle:Mail:Timeout"] = "00:00:10",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => _smtp.DisposeAsync();

    private Task PumpAsync(HuddleServer? server = null) =>
        (server ?? Server).Services.GetRequiredService<CoachingMailer>().PumpAsync(CancellationToken.None);

    [Fact]
    public async Task Lifecycle_MailsBothParties_Booked_Reminders_Completed_InOrder_WithTheInvitation()
    {
        await _smtp.StartAsync();
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        await PumpAsync();
        var booked = await _smtp.NextAsync(2);
        Assert.Equal([client.Email, coach.Email], booked.Select(To));
        Assert.All(booked, m => Assert.Equal("Booked: Career chat", m.Subject));
        Assert.Contains("with Grace is booked", Body(booked[0]));
        Assert.Contains("2026-03-04 10:00–11:00 UTC", Body(booked[1]));
        var invite = Invitation(booked[0], "REQUEST", id);
        Assert.Contains($"mailto:{client.Email}", invite);
        // Both parties get the same unguessable video room, in the body and as the event's location.
        var room = System.Text.RegularExpressions.Regex.Match(Body(booked[0]), "Video: (https://meet\\.jit\\.si/Huddle-[0-9a-f]{24})\r?\n").Groups[1].Value;
        Assert.NotEmpty(room);
        Assert.Contains($"Video: {room}", Body(booked[1]));
        Assert.Contains($"LOCATION:{room}\r\n", invite);

        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting); // nothing twice

        Time.Advance(Wednesday10 - TimeSpan.FromHours(24) - Start);
        await PumpAsync();
        Assert.All(await _smtp.NextAsync(2), m => Assert.Equal("Tomorrow: Career chat", m.Subject));
        Time.Advance(TimeSpan.FromHours(23));
        await PumpAsync();
        Assert.All(await _smtp.NextAsync(2), m => Assert.Equal("In one hour: Career chat", m.Subject));

        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsync($"/api/sessions/{id}/start", null)).StatusCode);
        var done = await coach.Http.PostAsJsonAsync($"/api/sessions/{id}/complete", new { notes = "Solid plan", actionItems = new[] { "Draft CV", "Email Sam" } });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await PumpAsync();
        var completed = await _smtp.NextAsync(2);
        Assert.All(completed, m => Assert.Equal("Completed: Career chat", m.Subject));
        Assert.Contains("Notes:\nSolid plan", Body(completed[0]).ReplaceLineEndings("\n"));
        Assert.Contains("- Draft CV\n- Email Sam", Body(completed[1]).ReplaceLineEndings("\n"));
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting);
    }

    [Fact]
    public async Task Booked_WithTheCoachsOwnVideoLink_MailsThatLink_AsTheInvitationsLocation()
    {
        await _smtp.StartAsync();
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        const string Zoom = "https://zoom.us/j/987654321?pwd=xyz";
        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PutAsJsonAsync("/api/coaches/me/meeting-link", new { url = Zoom })).StatusCode);
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");

        await PumpAsync();
        var booked = await _smtp.NextAsync(2);
        Assert.All(booked, m => Assert.Contains($"Video: {Zoom}\n", Body(m).ReplaceLineEndings("\n")));
        Assert.All(booked, m => Assert.DoesNotContain("meet.jit.si", Body(m)));
        Assert.Contains($"LOCATION:{Zoom}\r\n", Invitation(booked[0], "REQUEST", id));
    }

    [Fact]
    public async Task LateCancellation_MailsTheFee_AndACancelInvitationWithTheSameUid()
    {
        await _smtp.StartAsync();
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        // Tuesday 10:00, 22 hours ahead: cancelling now is late, and no reminder is due yet (the 24-hour
        // mark had passed at booking, the 1-hour one is far), so the clock need not move.
        var id = (await BookedAsync(client, coach, Start.AddHours(22))).Str("id");
        await PumpAsync();
        await _smtp.NextAsync(2);

        var cancel = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/cancel", new { reason = "Sick" });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await PumpAsync();
        var cancelled = await _smtp.NextAsync(2);
        Assert.All(cancelled, m => Assert.Equal("Cancelled: Career chat", m.Subject));
        Assert.Contains("Late-cancellation fee charged to the client: 30.00 USD", Body(cancelled[1]));
        Assert.Contains("Reason: Sick", Body(cancelled[1]));
        var invite = Invitation(cancelled[0], "CANCEL", id);
        Assert.Contains("STATUS:CANCELLED", invite);
        Assert.Contains("SEQUENCE:1", invite);
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting); // and no reminder for a cancelled session
    }

    [Fact]
    public async Task NoShow_MailsBothParties_WhatTheCoachRecorded()
    {
        await _smtp.StartAsync();
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        await PumpAsync();
        await _smtp.NextAsync(2);
        Time.Advance(Wednesday10.AddMinutes(20) - Start); // past the start: no reminder is due any more

        Assert.Equal(HttpStatusCode.OK, (await coach.Http.PostAsync($"/api/sessions/{id}/no-show", null)).StatusCode);
        await PumpAsync();

        var noShow = await _smtp.NextAsync(2);
        Assert.Equal([client.Email, coach.Email], noShow.Select(To));
        Assert.All(noShow, m => Assert.Equal("No-show: Career chat", m.Subject));
        Assert.Contains("marked as a no-show by the coach: the client did not come", Body(noShow[0]));
        Invitation(noShow[1], "REQUEST", id);
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting);
    }

    [Fact]
    public async Task Reschedule_MailsBothParties_TheNewTime_AndAnUpdateOfTheSameInvitation()
    {
        await _smtp.StartAsync();
        var coach = await CoachAsync(name: "Grace");
        var client = await RegisterAsync("Ada");
        var id = (await BookedAsync(client, coach, Wednesday10)).Str("id");
        await PumpAsync();
        await _smtp.NextAsync(2);

        var moved = await client.Http.PostAsJsonAsync($"/api/sessions/{id}/reschedule", new { scheduledAt = Wednesday10.AddDays(1).ToString("O") });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await PumpAsync();
        var mails = await _smtp.NextAsync(2);
        Assert.Equal([client.Email, coach.Email], mails.Select(To));
        Assert.All(mails, m => Assert.Equal("Moved: Career chat", m.Subject));
        Assert.Contains("with Grace was moved to a new time", Body(mails[0]));
        Assert.Contains("2026-03-05 10:00–11:00 UTC", Body(mails[1]));
        // The same event (UID) with a higher sequence: a calendar app moves it instead of adding a second one.
        var invite = Invitation(mails[0], "REQUEST", id);
        Assert.Contains("SEQUENCE:1", invite);
        Assert.Contains("DTSTART:20260305T100000Z", invite);
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting);
    }

    [Fact]
    public async Task SmtpDown_ThenUp_EachMessageIsDeliveredOnce_AfterTheBackoff()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        await BookedAsync(client, coach, Wednesday10);

        await PumpAsync(); // SMTP is down: the attempt fails and is kept
        var pending = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/mail?status=pending");
        Assert.Equal(2, pending.GetArrayLength());
        Assert.All(pending.EnumerateArray(), m =>
        {
            Assert.Equal(1, m.GetProperty("attempts").GetInt32());
            Assert.False(string.IsNullOrEmpty(m.Str("lastError")));
        });

        await _smtp.StartAsync();
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting); // not before its backoff
        Time.Advance(TimeSpan.FromSeconds(30));
        await PumpAsync();
        Assert.All(await _smtp.NextAsync(2), m => Assert.Equal("Booked: Career chat", m.Subject));
        Time.Advance(TimeSpan.FromMinutes(10));
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting);
        Assert.Equal(2, (await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/mail?status=sent")).GetArrayLength());
    }

    [Fact]
    public async Task AfterTheLastAttempt_AMessageIsDead_ShownToAdmins_AndRequeueable()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        await BookedAsync(client, coach, Wednesday10);
        await PumpAsync();
        Time.Advance(TimeSpan.FromSeconds(30));
        await PumpAsync(); // MaxAttempts = 2

        var dead = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/mail?status=dead");
        Assert.Equal(2, dead.GetArrayLength());
        Assert.Equal(coach.Email, dead[0].Str("recipientEmail"));
        Assert.Equal("booked", dead[0].Str("kind"));
        await AssertProblemAsync(await client.Http.GetAsync("/api/admin/mail"), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await client.Http.PostAsync($"/api/admin/mail/{dead[0].GetProperty("id").GetInt64()}/retry", null), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await Admin.Http.GetAsync("/api/admin/mail?status=lost"), HttpStatusCode.BadRequest, "invalid_input");
        await AssertProblemAsync(await Admin.Http.GetAsync("/api/admin/mail?limit=0"), HttpStatusCode.BadRequest, "invalid_input");

        await _smtp.StartAsync();
        Time.Advance(TimeSpan.FromHours(2));
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting); // dead stays dead until an admin says otherwise

        var coachMail = dead[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.Http.PostAsync($"/api/admin/mail/{coachMail}/retry", null)).StatusCode);
        await PumpAsync();
        Assert.Equal([coach.Email], (await _smtp.NextAsync(1)).Select(To));
        await AssertProblemAsync(await Admin.Http.PostAsync($"/api/admin/mail/{coachMail}/retry", null), HttpStatusCode.NotFound, "mail_not_found");
        await AssertProblemAsync(await Admin.Http.PostAsync("/api/admin/mail/999999/retry", null), HttpStatusCode.NotFound, "mail_not_found");
        await PumpAsync();
        Assert.Equal(0, _smtp.Waiting);
        Assert.Single((await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/mail?status=dead")).EnumerateArray());
    }

    [Fact]
    public async Task ServerDiesBetweenTheCommitAndTheSend_TheNextServerOnTheSameDatabase_SendsExactlyOnce()
    {
        await _smtp.StartAsync();
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        await BookedAsync(client, coach, Wednesday10);
        // Committed; no pass has run (passes follow the fake clock, which has not moved). The server dies.
        await Server.StopAsync();
        Assert.Equal(0, _smtp.Waiting);

        var settings = MailSettings(_smtp.Port);
        settings["ConnectionStrings:Huddle"] = Server.Services.GetRequiredService<IConfiguration>()["ConnectionStrings:Huddle"];
        await using var next = await HuddleServer.StartAsync(settings, Time);
        await PumpAsync(next);
        Assert.Equal([client.Email, coach.Email], (await _smtp.NextAsync(2)).Select(To));
        Time.Advance(TimeSpan.FromHours(1));
        await PumpAsync(next);
        await PumpAsync(next);
        Assert.Equal(0, _smtp.Waiting);
    }

    private static string To(MimeMessage m) => m.To.Mailboxes.Single().Address;

    private static string Body(MimeMessage m) => m.TextBody ?? "";

    /// <summary>The attached invitation (unfolded), checked to be this booking's, with this iTIP method in both places.</summary>
    private static string Invitation(MimeMessage m, string method, string id)
    {
        var part = m.Attachments.OfType<MimePart>().Single(a => a.ContentType.MimeType == "text/calendar");
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        var text = Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Equal(method, part.ContentType.Parameters["method"]);
        Assert.Contains($"METHOD:{method}\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}@huddle\r\n", text, StringComparison.Ordinal);
        return text;
    }
}
