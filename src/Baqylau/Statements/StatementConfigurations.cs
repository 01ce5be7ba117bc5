using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Statements;

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> b)
    {
        b.HasIndex(s => s.PublicId).IsUnique();
        b.Property(s => s.PublicId).HasMaxLength(32);
        b.HasIndex(s => new { s.Status, s.PublishedAt });
        // Public lists, newest first: read off this index in order instead of sorting every public statement.
        b.HasIndex(s => new { s.PublishedAt, s.Id }, "IX_Statements_Public_PublishedAt_Id")
            .HasFilter($"\"Status\" IN ({(int)StatementStatus.Published}, {(int)StatementStatus.Corrected}, {(int)StatementStatus.Retracted})");
        b.HasIndex(s => s.OrganisationId);
        b.Property(s => s.RetractionReason).HasJsonConversion();
        b.Property(s => s.Corrections).HasJsonConversion();
        b.Property(s => s.PhotoPath).HasMaxLength(200);
        // /media/statements asks "does a public statement show this photo?" for every name it is sent.
        b.HasIndex(s => s.PhotoPath);
        b.Property(s => s.Version).IsRowVersion();
        b.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.Campaign).WithMany().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(s => s.Rubric).WithMany().HasForeignKey(s => s.RubricId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(s => s.Translations).WithOne(t => t.Statement).HasForeignKey(t => t.StatementId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Related).WithOne().HasForeignKey(r => r.StatementId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Tags).WithMany(t => t.Statements).UsingEntity("StatementTags");
        b.Ignore(s => s.IsPublic);
    }
}

internal sealed class StatementTranslationConfiguration : IEntityTypeConfiguration<StatementTranslation>
{
    public void Configure(EntityTypeBuilder<StatementTranslation> b)
    {
        b.HasKey(t => new { t.StatementId, t.Culture });
        b.Property(t => t.Culture).HasMaxLength(8);
        b.Property(t => t.Slug).HasMaxLength(120);
        b.Property(t => t.Title).HasMaxLength(300);
        b.Property(t => t.Lead).HasMaxLength(2000);
        b.Property(t => t.PhotoCaption).HasMaxLength(500);
        b.Property(t => t.PhotoAlt).HasMaxLength(500);
        b.HasIndex(t => new { t.Culture, t.Slug }).IsUnique();
        // A public URL's slug is looked up in either language (the other one's slug redirects).
        b.HasIndex(t => t.Slug);
        SearchColumns.Add(b, nameof(StatementTranslation.Title), nameof(StatementTranslation.Body));
    }
}

internal sealed class StatementRelationConfiguration : IEntityTypeConfiguration<StatementRelation>
{
    public void Configure(EntityTypeBuilder<StatementRelation> b)
    {
        b.HasKey(r => new { r.StatementId, r.RelatedStatementId });
        b.HasOne(r => r.RelatedStatement).WithMany().HasForeignKey(r => r.RelatedStatementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StatementRevisionConfiguration : IEntityTypeConfiguration<StatementRevision>
{
    public void Configure(EntityTypeBuilder<StatementRevision> b)
    {
        b.HasIndex(r => new { r.StatementId, r.Number }).IsUnique();
        b.Property(r => r.Snapshot).HasColumnType("jsonb");
        b.Property(r => r.Comment).HasMaxLength(2000);
        b.HasOne<Statement>().WithMany().HasForeignKey(r => r.StatementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RubricConfiguration : IEntityTypeConfiguration<Rubric>
{
    public void Configure(EntityTypeBuilder<Rubric> b)
    {
        b.HasIndex(r => r.Slug).IsUnique();
        b.Property(r => r.Slug).HasMaxLength(100);
        b.Property(r => r.Name).HasJsonConversion();
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.HasIndex(t => t.Slug).IsUnique();
        b.Property(t => t.Slug).HasMaxLength(100);
        b.Property(t => t.Name).HasJsonConversion();
    }
}
