using Baqylau.Accounts;
using Baqylau.Campaigns;
using Baqylau.Desk;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Statements;

namespace Baqylau.Tests.Desk;

/// <summary>DeskQueries on a real PostgreSQL: each role's items exactly, never another organisation's, oldest first, window edges.</summary>
public sealed class DeskQueriesTests(DeskFixture fixture) : IClassFixture<DeskFixture>
{
    // 11:00 in Kazakhstan (UTC+5): the day is the same in UTC and in Kazakhstan, well away from midnight.
    private static readonly DateTimeOffset Now = new(2027, 4, 14, 6, 0, 0, TimeSpan.Zero);

    private static StaffUser Staff(Guid id, Guid? org, string role) => new(id, org, [role]);

    private static IEnumerable<Guid> Ids(DeskList<DeskStatement> list) => list.Items.Select(i => i.Id);

    [Fact]
    public async Task An_author_sees_exactly_their_drafts_what_came_back_with_the_comment_and_their_scheduled_items()
    {
        var org = await fixture.OrganisationAsync();
        var other = await fixture.OrganisationAsync();
        var author = Guid.NewGuid();
        var colleague = Guid.NewGuid();

        var draft = await fixture.StatementAsync(org, author, StatementStatus.Draft, Now.AddDays(-2), "Жоба");
        var newerDraft = await fixture.StatementAsync(org, author, StatementStatus.Draft, Now.AddHours(-1), "Жаңа жоба");
        var sentBack = await fixture.StatementAsync(org, author, StatementStatus.Draft, Now.AddDays(-1), "Қайтарылған", history:
            [(RevisionKind.Submit, Now.AddDays(-3), null), (RevisionKind.SendBack, Now.AddDays(-1), "Дереккөздерді қосыңыз")]);
        // Sent back once, then submitted again: waiting for review, no longer the author's to fix.
        await fixture.StatementAsync(org, author, StatementStatus.InReview, Now.AddHours(-5), "Қайта жіберілген", history:
            [(RevisionKind.Submit, Now.AddDays(-4), null), (RevisionKind.SendBack, Now.AddDays(-3), "Түзетіңіз"), (RevisionKind.Submit, Now.AddHours(-5), null)]);
        var later = await fixture.StatementAsync(org, author, StatementStatus.InReview, Now.AddDays(-1), "Кейін", scheduledFor: Now.AddDays(3));
        var sooner = await fixture.StatementAsync(org, author, StatementStatus.InReview, Now.AddDays(-1), "Ертерек", scheduledFor: Now.AddDays(1));
        await fixture.StatementAsync(org, author, StatementStatus.Published, Now.AddDays(-1), "Жарияланған");
        await fixture.StatementAsync(org, colleague, StatementStatus.Draft, Now.AddDays(-1), "Әріптестің жобасы");
        await fixture.StatementAsync(org, colleague, StatementStatus.InReview, Now.AddDays(-1), "Әріптестің жоспары", scheduledFor: Now.AddDays(2));
        // The author's own id on another organisation's rows (an account moved, or a forged id): never shown.
        await fixture.StatementAsync(other, author, StatementStatus.Draft, Now.AddDays(-1), "Бөтен жоба");
        await fixture.StatementAsync(other, author, StatementStatus.Draft, Now.AddDays(-1), "Бөтен қайтарылған", history:
            [(RevisionKind.Submit, Now.AddDays(-2), null), (RevisionKind.SendBack, Now.AddDays(-1), "Бөтен пікір")]);
        await fixture.StatementAsync(other, author, StatementStatus.InReview, Now.AddDays(-1), "Бөтен жоспар", scheduledFor: Now.AddDays(1));

        var desk = await fixture.Queries(DeskFixture.Clock(Now)).GetAsync(Staff(author, org, Roles.Author));

        Assert.Null(desk.Editor);
        Assert.Null(desk.Admin);
        var mine = Assert.IsType<AuthorDesk>(desk.Author);
        Assert.Equal([newerDraft, draft], Ids(mine.Drafts));
        Assert.Equal(2, mine.Drafts.Total);
        var back = Assert.Single(mine.SentBack.Items);
        Assert.Equal((sentBack, "Дереккөздерді қосыңыз", "Қайтарылған"), (back.Id, back.Comment, back.Title));
        Assert.Equal([sooner, later], Ids(mine.Scheduled));
        Assert.Equal(Now.AddDays(1), mine.Scheduled.Items[0].ScheduledFor);

        var counts = await fixture.Queries(DeskFixture.Clock(Now)).CountsAsync(Staff(author, org, Roles.Author));
        Assert.Equal(new DeskCounts(3, null, null), counts);
    }

    [Fact]
    public async Task An_editor_sees_the_review_queue_of_their_organisation_oldest_first_with_its_age_and_the_scheduled_publications()
    {
        var org = await fixture.OrganisationAsync();
        var other = await fixture.OrganisationAsync();
        var editor = Guid.NewGuid();

        var newer = await fixture.StatementAsync(org, Guid.NewGuid(), StatementStatus.InReview, Now.AddHours(-2), "Жаңасы", history:
            [(RevisionKind.Submit, Now.AddDays(-1), null)]);
        // Submitted three days ago, saved (by the editor, say) since: it has waited since its submission.
        var older = await fixture.StatementAsync(org, Guid.NewGuid(), StatementStatus.InReview, Now.AddHours(-1), "Ескісі", history:
            [(RevisionKind.Submit, Now.AddDays(-3), null), (RevisionKind.Save, Now.AddHours(-1), null)]);
        var reported = await fixture.IncidentAsync(org, VerificationStatus.Reported, Now.AddDays(-2), "Хабарланған");
        var corroborated = await fixture.IncidentAsync(org, VerificationStatus.Corroborated, Now.AddDays(-5), "Расталған");
        await fixture.IncidentAsync(org, VerificationStatus.Verified, Now.AddDays(-9), "Тексерілген");
        await fixture.IncidentAsync(org, VerificationStatus.Disputed, Now.AddDays(-9), "Даулы");
        var scheduled = await fixture.StatementAsync(org, Guid.NewGuid(), StatementStatus.InReview, Now.AddDays(-4), "Жоспарланған", scheduledFor: Now.AddHours(5), history:
            [(RevisionKind.Submit, Now.AddDays(-6), null), (RevisionKind.Schedule, Now.AddDays(-4), null)]);
        await fixture.StatementAsync(org, Guid.NewGuid(), StatementStatus.Draft, Now.AddDays(-8), "Жоба");
        await fixture.StatementAsync(other, Guid.NewGuid(), StatementStatus.InReview, Now.AddDays(-10), "Бөтен", history: [(RevisionKind.Submit, Now.AddDays(-10), null)]);
        await fixture.StatementAsync(other, Guid.NewGuid(), StatementStatus.InReview, Now.AddDays(-10), "Бөтен жоспар", scheduledFor: Now.AddHours(1));
        await fixture.IncidentAsync(other, VerificationStatus.Reported, Now.AddDays(-10), "Бөтен оқиға");

        var desk = await fixture.Queries(DeskFixture.Clock(Now)).GetAsync(Staff(editor, org, Roles.Editor));

        Assert.Null(desk.Author);
        Assert.Null(desk.Admin);
        var work = Assert.IsType<EditorDesk>(desk.Editor);
        Assert.Equal([corroborated, older, reported, newer], work.Review.Items.Select(i => i.Id));
        Assert.Equal(4, work.Review.Total);
        Assert.Equal(
            [(DeskReviewKind.Incident, Now.AddDays(-5)), (DeskReviewKind.Statement, Now.AddDays(-3)), (DeskReviewKind.Incident, Now.AddDays(-2)), (DeskReviewKind.Statement, Now.AddDays(-1))],
            work.Review.Items.Select(i => (i.Kind, i.Since)));
        Assert.Equal(Now, desk.Now);
        Assert.Equal([scheduled], Ids(work.Scheduled));

        var counts = await fixture.Queries(DeskFixture.Clock(Now)).CountsAsync(Staff(editor, org, Roles.Editor));
        Assert.Equal(new DeskCounts(2, 2, null), counts);
    }

    [Fact]
    public async Task An_editor_sees_translation_gaps_by_the_statement_rule_and_corrections_of_the_last_thirty_days()
    {
        var org = await fixture.OrganisationAsync();
        var other = await fixture.OrganisationAsync();
        var editor = Guid.NewGuid();

        var missing = await fixture.StatementAsync(org, null, StatementStatus.Published, Now.AddDays(-1), "Орысшасы жоқ", russian: false);
        // Russian changed after the Kazakh text last did: the Kazakh text is the outdated one.
        var outdated = await fixture.StatementAsync(org, null, StatementStatus.Draft, Now.AddDays(-2), "Ескірген", russianAhead: true);
        await fixture.StatementAsync(org, null, StatementStatus.Published, Now.AddDays(-1), "Екі тілде де");
        await fixture.StatementAsync(org, null, StatementStatus.Retracted, Now.AddDays(-1), "Кері қайтарылған", russian: false);
        await fixture.StatementAsync(other, null, StatementStatus.Published, Now.AddDays(-1), "Бөтен", russian: false);

        var inWindow = await fixture.StatementAsync(org, editor, StatementStatus.Corrected, Now.AddDays(-40), "Түзетілген", history:
            [(RevisionKind.Correct, Now.AddDays(-31), "ескі"), (RevisionKind.Correct, Now.AddDays(-29), "жаңа")]);
        var recent = await fixture.StatementAsync(org, editor, StatementStatus.Corrected, Now.AddDays(-40), "Жақында түзетілген", history:
            [(RevisionKind.Correct, Now.AddHours(-3), null)]);
        await fixture.StatementAsync(other, null, StatementStatus.Corrected, Now.AddDays(-40), "Бөтен түзету", history: [(RevisionKind.Correct, Now.AddDays(-1), null)]);

        var desk = await fixture.Queries(DeskFixture.Clock(Now)).GetAsync(Staff(editor, org, Roles.Editor));

        var work = Assert.IsType<EditorDesk>(desk.Editor);
        Assert.Equal([missing, outdated], work.Translations.Items.Select(i => i.Id));
        Assert.Equal(["ru"], work.Translations.Items[0].Parity.Missing);
        Assert.Equal("kk", work.Translations.Items[1].Parity.Outdated);
        Assert.Equal([(recent, Now.AddHours(-3)), (inWindow, Now.AddDays(-29))], work.Corrections.Items.Select(c => (c.StatementId, c.At)));
        Assert.Equal(2, work.Corrections.Total);
    }

    [Fact]
    public async Task An_admin_also_sees_accounts_without_a_second_factor_and_campaign_dates_from_today_to_thirty_days_ahead()
    {
        var orgA = await fixture.OrganisationAsync();
        var orgB = await fixture.OrganisationAsync();
        var admin = await fixture.UserAsync(null, Roles.Admin, twoFactor: true);
        var plain = await fixture.UserAsync(orgA, Roles.Author, twoFactor: false);
        var enrolled = await fixture.UserAsync(orgA, Roles.Editor, twoFactor: true);
        var inactive = await fixture.UserAsync(orgB, Roles.Author, twoFactor: false, active: false);

        // Admins keep the platform: the review queue spans organisations.
        var inA = await fixture.IncidentAsync(orgA, VerificationStatus.Reported, Now.AddDays(-1), "A");
        var inB = await fixture.IncidentAsync(orgB, VerificationStatus.Reported, Now.AddDays(-1), "B");

        // A year of its own, so no other test's campaign falls in the window.
        var now = new DateTimeOffset(2031, 3, 10, 6, 0, 0, TimeSpan.Zero);
        var today = new DateOnly(2031, 3, 10);
        var campaign = await fixture.CampaignAsync(today.AddDays(30), archived: false,
            (CampaignDateKind.Announcement, today.AddDays(-1), null),
            (CampaignDateKind.Nomination, today, null),
            (CampaignDateKind.Campaigning, today.AddDays(-5), today.AddDays(2)),
            (CampaignDateKind.Registration, today.AddDays(-9), today.AddDays(-1)),
            (CampaignDateKind.VotingDay, today.AddDays(30), null),
            (CampaignDateKind.Results, today.AddDays(31), null));
        // No voting-day row in its calendar: the voting day still counts. Archived campaigns do not.
        var bare = await fixture.CampaignAsync(today.AddDays(12), archived: false);
        await fixture.CampaignAsync(today.AddDays(5), archived: true, (CampaignDateKind.DayOfSilence, today.AddDays(4), null));

        var desk = await fixture.Queries(DeskFixture.Clock(now)).GetAsync(Staff(admin, null, Roles.Admin));

        Assert.Null(desk.Author);
        Assert.NotNull(desk.Editor);
        Assert.Contains(inA, desk.Editor.Review.Items.Select(i => i.Id));
        Assert.Contains(inB, desk.Editor.Review.Items.Select(i => i.Id));
        var keep = Assert.IsType<AdminDesk>(desk.Admin);
        var accounts = keep.WithoutSecondFactor.Items.Select(a => a.Id).ToList();
        Assert.Contains(plain, accounts);
        Assert.DoesNotContain(enrolled, accounts);
        Assert.DoesNotContain(inactive, accounts);
        Assert.DoesNotContain(admin, accounts);
        Assert.Equal([Roles.Author], keep.WithoutSecondFactor.Items.Single(a => a.Id == plain).Roles);
        Assert.Equal(
            [
                (campaign, CampaignDateKind.Campaigning, today.AddDays(-5)),
                (campaign, CampaignDateKind.Nomination, today),
                (bare, CampaignDateKind.VotingDay, today.AddDays(12)),
                (campaign, CampaignDateKind.VotingDay, today.AddDays(30)),
            ],
            keep.KeyDates.Items.Select(d => (d.CampaignId, d.Kind, d.Start)));
        Assert.Empty(keep.Alerts);

        var counts = await fixture.Queries(DeskFixture.Clock(now)).CountsAsync(Staff(admin, null, Roles.Admin));
        Assert.Equal(keep.WithoutSecondFactor.Total, counts.Admin);
        Assert.True(counts.Incidents >= 2);
    }

    [Fact]
    public async Task The_window_counts_kazakhstan_days_so_late_evening_utc_is_already_tomorrow()
    {
        // 20:00 UTC on 9 June is 01:00 on 10 June in Kazakhstan: a date on 9 June has passed, one on 10 July is day 30.
        var now = new DateTimeOffset(2033, 6, 9, 20, 0, 0, TimeSpan.Zero);
        var campaign = await fixture.CampaignAsync(new DateOnly(2033, 7, 10), archived: false,
            (CampaignDateKind.Announcement, new DateOnly(2033, 6, 9), null),
            (CampaignDateKind.VotingDay, new DateOnly(2033, 7, 10), null),
            (CampaignDateKind.Results, new DateOnly(2033, 7, 11), null));
        var admin = new StaffUser(Guid.NewGuid(), null, [Roles.Admin]);

        var desk = await fixture.Queries(DeskFixture.Clock(now)).GetAsync(admin);

        Assert.Equal([(campaign, CampaignDateKind.VotingDay)], desk.Admin!.KeyDates.Items.Select(d => (d.CampaignId, d.Kind)));
        Assert.Equal(new DateOnly(2033, 6, 10), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Datelines.Kazakhstan).DateTime));
    }

    [Fact]
    public async Task Someone_without_a_staff_role_gets_no_desk()
    {
        var queries = fixture.Queries(DeskFixture.Clock(Now));
        await Assert.ThrowsAsync<ForbiddenException>(() => queries.GetAsync(new StaffUser(Guid.NewGuid(), Guid.NewGuid(), [])));
        await Assert.ThrowsAsync<ForbiddenException>(() => queries.CountsAsync(new StaffUser(Guid.NewGuid(), Guid.NewGuid(), [])));
    }
}
