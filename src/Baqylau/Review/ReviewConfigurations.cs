using Baqylau.Incidents;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Review;

internal sealed class EditorialCommentConfiguration : IEntityTypeConfiguration<EditorialComment>
{
    public void Configure(EntityTypeBuilder<EditorialComment> b)
    {
        b.Property(c => c.Body).HasMaxLength(EditorialComment.MaxLength);
        // The thread is read per item, oldest first.
        b.HasIndex(c => new { c.StatementId, c.CreatedAt });
        b.HasIndex(c => new { c.IncidentId, c.CreatedAt });
        // The conversation goes with its item.
        b.HasOne<Statement>().WithMany().HasForeignKey(c => c.StatementId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Incident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("CK_EditorialComments_OneSubject",
            "(\"StatementId\" IS NULL) <> (\"IncidentId\" IS NULL)"));
    }
}
