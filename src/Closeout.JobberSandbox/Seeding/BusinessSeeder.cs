using System.Globalization;
using System.Text.Json.Nodes;
using Closeout.Drafting.Dataset;
using Closeout.Drafting.Jobs;
using Closeout.JobberSandbox.Domain;
using JobLineItem = Closeout.JobberSandbox.Domain.JobLineItem;
using JobNote = Closeout.JobberSandbox.Domain.JobNote;

namespace Closeout.JobberSandbox.Seeding;

/// <summary>A business in the dataset format: catalog.json, policy.json (tax rate), jobs and past jobs with their sent invoice.</summary>
internal sealed record BusinessSource(string Name, JsonObject Catalog, JsonObject? Policy, IReadOnlyList<DatasetCase> Jobs, IReadOnlyList<DatasetCase> History);

/// <summary>Turns a dataset business into a sandbox account: products and services, clients, jobs, past invoices.</summary>
internal sealed class BusinessSeeder(SandboxStore store, TimeProvider time)
{
    public static BusinessSource FromFolder(string path)
    {
        var folder = new BusinessFolder(Resolve(path));
        if (!File.Exists(folder.CatalogPath))
        {
            throw new InvalidDataException($"{path}: no catalog.json; not a business folder of the dataset");
        }

        return new BusinessSource(
            folder.Name,
            ReadObject(File.ReadAllText(folder.CatalogPath), folder.CatalogPath),
            File.Exists(folder.PolicyPath) ? ReadObject(File.ReadAllText(folder.PolicyPath), folder.PolicyPath) : null,
            DatasetReader.ReadCases(folder.JobsPath),
            DatasetReader.ReadCases(folder.HistoryPath));
    }

    /// <summary>
    /// A relative path is tried from the working directory and then from each of its parents, so
    /// <c>--seed ../shared/dataset/cascade</c> works from the repository root and under <c>dotnet run</c> alike.
    /// </summary>
    private static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, path));
            if (File.Exists(Path.Combine(candidate, "catalog.json")))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(path);
    }

    /// <summary>Seeds one business as a new account (no lock taken: call inside <see cref="SandboxStore.EnterAsync"/>).</summary>
    public Account Seed(BusinessSource source)
    {
        var businessName = source.Catalog["business"]?.GetValue<string>() ?? source.Name;
        var account = new Account
        {
            Id = store.MapId("Account", source.Name),
            Name = businessName,
            TaxRatePercent = (source.Policy?["tax"]?["rate"]?.GetValue<decimal>() ?? 0m) * 100m,
        };
        account.Users.Add(new User { Id = store.MapId("User", $"{source.Name}/owner"), Name = Name.FromFull(businessName), IsAccountAdmin = true, IsAccountOwner = true });
        SeedCatalog(account, source.Catalog);

        var context = new CaseContext(account, source.Name);
        foreach (var dataCase in source.Jobs)
        {
            AddJob(context, dataCase.Job);
        }

        foreach (var dataCase in source.History)
        {
            var job = AddJob(context, dataCase.Job);
            if (dataCase.Expected is { } sent)
            {
                AddSentInvoice(account, job, sent);
            }
        }

        store.Accounts.Add(account);
        return account;
    }

    private static JsonObject ReadObject(string json, string origin) =>
        JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{origin}: not a JSON object");

    private void SeedCatalog(Account account, JsonObject catalog)
    {
        var items = catalog["items"]?.AsArray() ?? [];
        var number = 0;
        foreach (var item in items.OfType<JsonObject>())
        {
            var kind = item["kind"]?.GetValue<string>() ?? "PRODUCT";
            number++;
            account.ProductOrServices.Add(new ProductOrService
            {
                Id = (int)store.NextNumber("ProductOrService", 1),
                SourceId = item["id"]?.GetValue<string>(),
                Name = item["name"]?.GetValue<string>() ?? $"Item {number}",
                Description = item["description"]?.GetValue<string>(),
                Category = kind == "PRODUCT" ? "Product" : "Service",
                DefaultUnitCost = item["unitPrice"]?.GetValue<decimal>() ?? 0m,
                Taxable = item["taxable"]?.GetValue<bool>() ?? false,
                Visible = true,
            });
        }
    }

    private sealed record CaseContext(Account Account, string Business);

    private Job AddJob(CaseContext context, JobberJob source)
    {
        var account = context.Account;
        var now = time.GetUtcNow();
        var client = ClientFor(account, source.Client, now);
        var jobId = store.MapId("Job", source.Id);
        var scope = GlobalId.Decode(jobId)?.Key ?? jobId;
        var address = source.Property?.Address ?? source.Client?.BillingAddress;
        var property = new Property
        {
            Id = store.MapId("Property", $"{scope}/property"),
            Client = client,
            Address = new PropertyAddress(
                store.MapId("PropertyAddress", $"{scope}/address"),
                string.Join(", ", new[] { address?.Street1, address?.Street2 }.Where(s => !string.IsNullOrEmpty(s))),
                address?.Street1, address?.Street2, address?.City, address?.Province, address?.PostalCode, address?.Country),
        };

        var job = new Job
        {
            Id = jobId,
            JobNumber = (int)(source.JobNumber ?? store.NextNumber("JobNumber", 1)),
            Title = source.Title,
            Instructions = source.Instructions,
            JobStatus = source.JobStatus ?? "active",
            Client = client,
            Property = property,
            CreatedAt = now,
            UpdatedAt = now,
        };

        foreach (var line in source.LineItems?.Items ?? [])
        {
            job.LineItems.Add(new JobLineItem
            {
                Id = store.MapId("JobLineItem", line.Id ?? $"{scope}/line-{job.LineItems.Count + 1}"),
                Name = line.Name ?? "",
                Description = line.Description ?? "",
                Quantity = line.Quantity ?? 0m,
                UnitPrice = line.UnitPrice ?? 0m,
                TotalPrice = line.TotalPrice ?? Money.Round((line.Quantity ?? 0m) * (line.UnitPrice ?? 0m)),
                Taxable = line.Taxable ?? false,
                LinkedProductOrService = FindProduct(account, line.LinkedProductOrService?.Id, line.LinkedProductOrService?.Name),
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        foreach (var visit in source.Visits?.Items ?? [])
        {
            var added = new Visit
            {
                Id = store.MapId("Visit", visit.Id ?? $"{scope}/visit-{job.Visits.Count + 1}"),
                Title = visit.Title,
                StartAt = visit.StartAt,
                EndAt = visit.EndAt,
                CompletedAt = visit.CompletedAt,
                Job = job,
                CreatedAt = now,
            };
            foreach (var user in visit.AssignedUsers?.Items ?? [])
            {
                added.AssignedUsers.Add(UserFor(context, user.Id, user.Name?.Full));
            }

            job.Visits.Add(added);
        }

        foreach (var entry in source.TimesheetEntries?.Items ?? [])
        {
            job.TimesheetEntries.Add(new TimeSheetEntry
            {
                Id = store.MapId("TimeSheetEntry", $"{scope}/{entry.Id ?? job.TimesheetEntries.Count.ToString(CultureInfo.InvariantCulture)}"),
                Job = job,
                User = entry.User?.Id is { } userId ? UserFor(context, userId, null) : null,
                Visit = entry.Visit?.Id is { } visitId ? job.Visits.Find(v => v.Id == store.MapId("Visit", visitId)) : null,
                StartAt = entry.StartAt ?? now,
                EndAt = entry.EndAt,
                FinalDuration = entry.FinalDuration ?? 0,
                Note = entry.Note,
            });
        }

        foreach (var note in source.Notes?.Items ?? [])
        {
            var noteScope = $"{scope}/{note.Id ?? job.Notes.Count.ToString(CultureInfo.InvariantCulture)}";
            var added = new JobNote
            {
                Id = store.MapId("JobNote", noteScope),
                Message = note.Message ?? "",
                CreatedAt = note.CreatedAt ?? now,
                CreatedBy = note.CreatedBy?.Id is { } userId ? UserFor(context, userId, null) : null,
            };
            foreach (var file in note.Attachments ?? [])
            {
                var fileId = store.MapId("NoteFile", $"{noteScope}/{added.Attachments.Count + 1}");
                var url = $"https://sandbox.invalid/files/{GlobalId.Decode(fileId)?.Key}/{file.FileName}";
                added.Attachments.Add(new NoteFile(fileId, file.ContentType ?? "application/octet-stream", added.CreatedAt, file.FileName ?? "file", 0, "READY", url, added.CreatedAt, url));
            }

            job.Notes.Add(added);
        }

        job.CompletedAt = job.Visits.Count > 0 && job.Visits.TrueForAll(v => v.CompletedAt is not null)
            ? job.Visits.Max(v => v.CompletedAt)
            : null;
        client.Jobs.Add(job);
        account.Jobs.Add(job);
        return job;
    }

    private Client ClientFor(Account account, JobberClient? source, DateTimeOffset now)
    {
        var id = store.MapId("Client", source?.Id);
        if (account.FindClient(id) is { } existing)
        {
            return existing;
        }

        var name = source?.Name ?? source?.CompanyName ?? "Unnamed client";
        var names = Name.FromFull(name);
        var client = new Client
        {
            Id = id,
            Name = name,
            FirstName = names.First,
            LastName = names.Last,
            CompanyName = source?.CompanyName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var key = GlobalId.Decode(id)?.Key ?? id;
        foreach (var email in source?.Emails ?? [])
        {
            client.Emails.Add(new Email(store.MapId("Email", $"{key}/{email.Address}"), email.Address ?? "", "MAIN", email.Primary ?? false));
        }

        foreach (var phone in source?.Phones ?? [])
        {
            client.Phones.Add(new ClientPhoneNumber(store.MapId("ClientPhoneNumber", $"{key}/{phone.Number}"), phone.Number ?? "", "MAIN", phone.Primary ?? false));
        }

        foreach (var label in source?.TagLabels ?? [])
        {
            client.Tags.Add(new Tag(store.MapId("Tag", label), label));
        }

        if (source?.BillingAddress is { } a)
        {
            var street = string.Join(", ", new[] { a.Street1, a.Street2 }.Where(s => !string.IsNullOrEmpty(s)));
            client.BillingAddress = new ClientAddress(a.City ?? "", a.Country ?? "", "", "", a.PostalCode ?? "", a.Province ?? "", street, a.Street1 ?? "", a.Street2 ?? "");
        }

        account.Clients.Add(client);
        return client;
    }

    private User UserFor(CaseContext context, string? rawId, string? fullName)
    {
        var id = store.MapId("User", $"{context.Business}/{rawId}");
        if (context.Account.Users.Find(u => u.Id == id) is { } existing)
        {
            return existing;
        }

        var user = new User { Id = id, Name = Name.FromFull(fullName ?? rawId ?? "Team member") };
        context.Account.Users.Add(user);
        return user;
    }

    private static ProductOrService? FindProduct(Account account, string? catalogId, string? name) =>
        account.ProductOrServices.Find(p => catalogId is not null && p.SourceId == catalogId)
        ?? account.ProductOrServices.Find(p => name is not null && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private void AddSentInvoice(Account account, Job job, ExpectedInvoice sent)
    {
        var issued = job.CompletedAt ?? job.EndAt ?? time.GetUtcNow();
        var invoice = new Invoice
        {
            Id = store.MapId("Invoice", job.Id),
            InvoiceNumber = job.JobNumber.ToString(CultureInfo.InvariantCulture),
            InvoiceStatus = "paid",
            Seeded = true,
            Client = job.Client,
            TaxRatePercent = sent.Tax == 0 ? 0 : account.TaxRatePercent,
            IssuedDate = issued,
            DueDate = issued.AddDays(30),
            ReceivedDate = issued.AddDays(14),
            CreatedAt = issued,
            UpdatedAt = issued,
        };
        foreach (var line in sent.Lines)
        {
            var product = FindProduct(account, line.Item, null);
            invoice.LineItems.Add(new InvoiceLineItem
            {
                Id = store.NewId("InvoiceLineItem"),
                Name = product?.Name ?? line.Item,
                Description = product?.Description ?? "",
                Category = product?.Category ?? "Product",
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice ?? product?.DefaultUnitCost ?? 0m,
                Taxable = product?.Taxable ?? false,
                LinkedProductOrService = product,
                CreatedAt = issued,
                UpdatedAt = issued,
            });
        }

        invoice.PaymentRecords.Add(new PaymentRecord(store.MapId("PaymentRecord", job.Id), "PAYMENT", sent.Total, issued.AddDays(14), null) { Invoice = invoice });
        invoice.Jobs.Add(job);
        job.Invoices.Add(invoice);
        job.Client.Invoices.Add(invoice);
        account.Invoices.Add(invoice);
    }
}
