using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Statements;

/// <summary>
/// Who uploaded a statement photo. Until a statement refers to it, a fresh upload belongs to the uploader's
/// organisation: the editor shows it to them (and to admins) and to nobody else.
/// </summary>
public sealed class StatementPhotoUpload
{
    /// <summary>The stored photo name (see <see cref="StatementPhotoStore"/>).</summary>
    public required string Name { get; set; }

    /// <summary>Null for a platform admin without an organisation.</summary>
    public Guid? OrganisationId { get; set; }

    public Guid UploadedById { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

internal sealed class StatementPhotoUploadConfiguration : IEntityTypeConfiguration<StatementPhotoUpload>
{
    public void Configure(EntityTypeBuilder<StatementPhotoUpload> b)
    {
        b.HasKey(u => u.Name);
        b.Property(u => u.Name).HasMaxLength(200);
    }
}
