using Baqylau.Accounts;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Incidents;
using Baqylau.Mail;
using Baqylau.Organisations;
using Baqylau.Regions;
using Baqylau.Review;
using Baqylau.Statements;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Baqylau.Data;

public sealed class BaqylauDbContext(DbContextOptions<BaqylauDbContext> options)
    : IdentityDbContext<BaqylauUser, BaqylauRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationStance> Stances => Set<OrganisationStance>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<Statement> Statements => Set<Statement>();

    public DbSet<StatementTranslation> StatementTranslations => Set<StatementTranslation>();

    public DbSet<StatementRevision> StatementRevisions => Set<StatementRevision>();

    public DbSet<StatementSlugHistory> StatementSlugHistory => Set<StatementSlugHistory>();

    public DbSet<StatementPhotoUpload> StatementPhotoUploads => Set<StatementPhotoUpload>();

    public DbSet<Rubric> Rubrics => Set<Rubric>();

    public DbSet<Tag> Tags => Set<Tag>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IncidentTranslation> IncidentTranslations => Set<IncidentTranslation>();

    public DbSet<IncidentInternal> IncidentInternals => Set<IncidentInternal>();

    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();

    public DbSet<IncidentCategory> IncidentCategories => Set<IncidentCategory>();

    public DbSet<IncidentActor> IncidentActors => Set<IncidentActor>();

    public DbSet<Region> Regions => Set<Region>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<EditorialComment> EditorialComments => Set<EditorialComment>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OutgoingMail> OutgoingMail => Set<OutgoingMail>();

    public DbSet<KnownDevice> KnownDevices => Set<KnownDevice>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // pg_trgm backs the folded-text search for Kazakh typed on a Russian keyboard.
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(BaqylauDbContext).Assembly);
    }
}
