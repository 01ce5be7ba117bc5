using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Data;
using Baqylau.Desk;
using Baqylau.Incidents;
using Baqylau.Statements;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Desk;

/// <summary>A database with the roles and an incident category; each test adds its own organisations, people and items.</summary>
public sealed class DeskFixture : DatabaseFixture
{
    public Guid Category { get; } = Guid.CreateVersion7();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = CreateContext();
        db.Roles.AddRange(Roles.All.Select(r => new BaqylauRole(r)));
        db.IncidentCategories.Add(new IncidentCategory { Id = Category, Slug = "desk-category", Name = new LocalizedText("Санат", "Категория") });
        await db.SaveChangesAsync();
    }

    public DeskQueries Queries(TimeProvider clock)
    {
        var contexts = Contexts(clock: clock);
        return new DeskQueries(contexts, new AuditAlerts(contexts, clock, Options.Create(new AuditAlertOptions())), clock, NullLogger<DeskQueries>.Instance);
    }

    /// <summary>A new organisation; returns its id.</summary>
    public async Task<Guid> OrganisationAsync()
    {
        await using var db = CreateContext();
        var org = TestOrganisations.New("desk");
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        return org.Id;
    }

    /// <summary>A statement as the workflow would leave it, with its revision history (kind, time, comment).</summary>
    public async Task<Guid> StatementAsync(
        Guid org, Guid? author, StatementStatus status, DateTimeOffset updatedAt, string title,
        DateTimeOffset? scheduledFor = null, bool russian = true, bool russianAhead = false,
        params (RevisionKind Kind, DateTimeOffset At, string? Comment)[] history)
    {
        await using var db = CreateContext();
        var statement = new Statement
        {
            OrganisationId = org,
            CreatedById = author,
            Status = status,
            CreatedAt = updatedAt,
            UpdatedAt = updatedAt,
            ScheduledFor = scheduledFor,
            PublishedAt = status is StatementStatus.Published or StatementStatus.Corrected or StatementStatus.Retracted ? updatedAt : null,
        };
        statement.Translations.Add(new StatementTranslation { Culture = "kk", Slug = "kk-" + ShortId.New(10).ToLowerInvariant(), Title = title, UpdatedAt = updatedAt, Edition = 1 });
        if (russian)
            statement.Translations.Add(new StatementTranslation { Culture = "ru", Slug = "ru-" + ShortId.New(10).ToLowerInvariant(), Title = title + " (ru)", UpdatedAt = updatedAt, Edition = russianAhead ? 2 : 1 });
        db.Statements.Add(statement);
        var number = 1;
        db.StatementRevisions.Add(new StatementRevision { StatementId = statement.Id, Number = number++, Kind = RevisionKind.Create, CreatedAt = updatedAt.AddDays(-30), Snapshot = "{}" });
        foreach (var (kind, at, comment) in history)
            db.StatementRevisions.Add(new StatementRevision { StatementId = statement.Id, Number = number++, Kind = kind, CreatedAt = at, Comment = comment, CreatedById = author, Snapshot = "{}" });
        await db.SaveChangesAsync();
        return statement.Id;
    }

    public async Task<Guid> IncidentAsync(Guid org, VerificationStatus verification, DateTimeOffset recordedAt, string title)
    {
        await using var db = CreateContext();
        var incident = new Incident
        {
            OrganisationId = org,
            CategoryId = Category,
            Verification = verification,
            RecordedAt = recordedAt,
            CreatedAt = recordedAt,
            UpdatedAt = recordedAt,
            Translations = [new IncidentTranslation { Culture = "ru", Title = title, UpdatedAt = recordedAt }],
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }

    public async Task<Guid> UserAsync(Guid? org, string role, bool twoFactor, bool active = true)
    {
        await using var db = CreateContext();
        var email = $"desk-{ShortId.New(8).ToLowerInvariant()}@example.org";
        var user = new BaqylauUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            DisplayName = "Desk " + email,
            OrganisationId = org,
            TwoFactorEnabled = twoFactor,
            IsActive = active,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Users.Add(user);
        var roleId = db.Roles.Single(r => r.Name == role).Id;
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async Task<Guid> CampaignAsync(DateOnly votingDay, bool archived, params (CampaignDateKind Kind, DateOnly Start, DateOnly? End)[] dates)
    {
        await using var db = CreateContext();
        var campaign = new Campaign
        {
            Slug = "desk-" + ShortId.New(8).ToLowerInvariant(),
            Title = new LocalizedText("Науқан", "Кампания"),
            VotingDay = votingDay,
            IsArchived = archived,
            KeyDates = [.. dates.Select(d => new CampaignKeyDate { Kind = d.Kind, Start = d.Start, End = d.End })],
        };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign.Id;
    }

    public static FakeTimeProvider Clock(DateTimeOffset now) => new(now);
}
