using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Incidents;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.HasIndex(i => i.PublicId).IsUnique();
        b.Property(i => i.PublicId).HasMaxLength(32);
        b.ComplexProperty(i => i.Occurred, o =>
        {
            o.Property(d => d.Precision).HasColumnName("OccurredPrecision");
            o.Property(d => d.Year).HasColumnName("OccurredYear");
            o.Property(d => d.Month).HasColumnName("OccurredMonth");
            o.Property(d => d.Day).HasColumnName("OccurredDay");
            o.Property(d => d.Time).HasColumnName("OccurredTime");
            o.Property(d => d.EndYear).HasColumnName("OccurredEndYear");
        });
        b.Property(i => i.OccurredSortKey).HasColumnType("timestamp without time zone");
        // Timeline order and keyset paging: newest first within visibility, undated last, read backwards off one index.
        b.Property(i => i.TimelineKey).HasColumnType("timestamp without time zone")
            .HasComputedColumnSql("COALESCE(\"OccurredSortKey\", TIMESTAMP '1000-01-01 00:00:00')", stored: true);
        b.HasIndex(i => new { i.Visibility, i.TimelineKey, i.Id });
        // The Atom feed: newest logged first.
        b.HasIndex(i => new { i.Visibility, i.RecordedAt, i.Id });
        // The timeline filtered by category or region (the charts' and permalinks' links) reads only those rows, in order.
        b.HasIndex(i => new { i.Visibility, i.CategoryId, i.TimelineKey, i.Id });
        b.HasIndex(i => new { i.Visibility, i.RegionId, i.TimelineKey, i.Id });
        b.HasIndex(i => i.OrganisationId);
        b.Property(i => i.Settlement).HasMaxLength(200);
        b.Property(i => i.PollingStation).HasMaxLength(50);
        b.Property(i => i.Version).IsRowVersion();
        b.HasOne(i => i.Organisation).WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.Campaign).WithMany().HasForeignKey(i => i.CampaignId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Category).WithMany().HasForeignKey(i => i.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.Actor).WithMany().HasForeignKey(i => i.ActorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(i => i.Region).WithMany().HasForeignKey(i => i.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Translations).WithOne().HasForeignKey(t => t.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Sources).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Evidence).WithOne().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.VerificationHistory).WithOne().HasForeignKey(e => e.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(i => i.Internal).WithOne().HasForeignKey<IncidentInternal>(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(i => i.Statements).WithMany().UsingEntity("IncidentStatements");
    }
}

internal sealed class IncidentTranslationConfiguration : IEntityTypeConfiguration<IncidentTranslation>
{
    public void Configure(EntityTypeBuilder<IncidentTranslation> b)
    {
        b.HasKey(t => new { t.IncidentId, t.Culture });
        b.Property(t => t.Culture).HasMaxLength(8);
        b.Property(t => t.Title).HasMaxLength(300);
        SearchColumns.Add(b, nameof(IncidentTranslation.Title), nameof(IncidentTranslation.Description));
    }
}

internal sealed class IncidentSourceConfiguration : IEntityTypeConfiguration<IncidentSource>
{
    public void Configure(EntityTypeBuilder<IncidentSource> b)
    {
        b.Property(s => s.Url).HasMaxLength(2000);
        b.Property(s => s.ArchiveUrl).HasMaxLength(2000);
        b.Property(s => s.Title).HasMaxLength(500);
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        b.Property(e => e.StorageName).HasMaxLength(100);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.OriginalFileName).HasMaxLength(300);
    }
}

internal sealed class IncidentInternalConfiguration : IEntityTypeConfiguration<IncidentInternal>
{
    public void Configure(EntityTypeBuilder<IncidentInternal> b)
    {
        // A table of its own, so public queries of incidents cannot select these columns by accident.
        b.ToTable("IncidentInternals");
        b.HasKey(x => x.IncidentId);
    }
}

internal sealed class IncidentCategoryConfiguration : IEntityTypeConfiguration<IncidentCategory>
{
    public void Configure(EntityTypeBuilder<IncidentCategory> b)
    {
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Property(c => c.Name).HasJsonConversion();
    }
}

internal sealed class IncidentActorConfiguration : IEntityTypeConfiguration<IncidentActor>
{
    public void Configure(EntityTypeBuilder<IncidentActor> b)
    {
        b.HasIndex(c => c.Slug).IsUnique();
        b.Property(c => c.Slug).HasMaxLength(100);
        b.Property(c => c.Name).HasJsonConversion();
    }
}
