/**
 * The form documents forms-admin serves to forms-runner: one stored document per form, tag and language.
 *
 * govuk-forms/forms-admin app/controllers/api/form_documents_controller.rb renders `FormDocument.find_by!(form_id,
 * tag, language)` with the language defaulting to `en`, so a language the form has no document in is a 404, never
 * a fallback to English; app/models/form_document.rb allows the languages `en` and `cy`; config/routes.rb constrains
 * the tag to `draft|live|archived`; app/controllers/api/errors_controller.rb answers a miss with `{"error":"not_found"}`.
 * The document is served as stored (`render json: form_document.content`), so the model keeps it as given.
 */
import { ServiceError } from '@council-sdk/core/testing';
import type { FormDocumentInput } from '../../schemas/form-document';

export const FORM_TAGS = ['draft', 'live', 'archived'] as const;
export type FormTag = (typeof FORM_TAGS)[number];
/** forms-admin app/models/form_document.rb: `validates :language, inclusion: { in: %w[en cy] }`. */
export const FORM_LANGUAGES = ['en', 'cy'] as const;
export type FormLanguage = (typeof FORM_LANGUAGES)[number];

export interface StoredFormDocument {
  form_id: string;
  tag: FormTag;
  language: FormLanguage;
  /** The document exactly as it will be served. */
  content: FormDocumentInput;
}

export interface FormDocumentsState {
  documents: StoredFormDocument[];
}

export function isFormTag(value: string): value is FormTag {
  return (FORM_TAGS as readonly string[]).includes(value);
}

export function notFound(): ServiceError {
  return new ServiceError(404, 'not_found', 'Not found');
}

export class FormDocumentStore {
  #documents: StoredFormDocument[] = [];

  /**
   * Store (or replace) a document under each tag. Its language is its own `language` field (`en` when absent),
   * as forms-admin stores one document per language of a form.
   */
  put(content: FormDocumentInput, tags: readonly FormTag[]): StoredFormDocument[] {
    if (content === null || typeof content !== 'object') {
      throw new ServiceError(422, 'invalid_document', 'A form document must be an object');
    }
    const formId = content.form_id;
    if ((typeof formId !== 'string' && typeof formId !== 'number') || String(formId) === '') {
      throw new ServiceError(422, 'invalid_document', 'A form document needs a form_id');
    }
    const language = content.language ?? 'en';
    if (!(FORM_LANGUAGES as readonly string[]).includes(language)) {
      throw new ServiceError(422, 'invalid_document', `Language must be one of ${FORM_LANGUAGES.join(', ')}`);
    }
    for (const tag of tags) {
      if (!isFormTag(tag)) throw new ServiceError(422, 'invalid_document', `Unknown tag ${String(tag)}`);
    }
    const stored = tags.map((tag) => ({
      form_id: String(formId),
      tag,
      language: language as FormLanguage,
      content: structuredClone(content),
    }));
    for (const entry of stored) {
      this.#documents = this.#documents.filter(
        (d) => !(d.form_id === entry.form_id && d.tag === entry.tag && d.language === entry.language),
      );
      this.#documents.push(entry);
    }
    return stored;
  }

  /** `GET /api/v2/forms/:form_id/:tag?language=`: exactly that document, or `not_found`. */
  find(input: { form_id: string; tag: string; language?: string | undefined }): StoredFormDocument {
    // Rails' `permitted_params[:language] ||= "en"`: only an absent language means English (`?language=` is "").
    const language = input.language ?? 'en';
    const found = this.#documents.find(
      (d) => d.form_id === input.form_id && d.tag === input.tag && d.language === language,
    );
    if (!found) throw notFound();
    return found;
  }

  /** The languages a form has a document in under a tag, in the order they were added. */
  languages(formId: string, tag: FormTag): FormLanguage[] {
    return this.#documents.filter((d) => d.form_id === formId && d.tag === tag).map((d) => d.language);
  }

  remove(input: { form_id: string; tag?: FormTag | undefined; language?: FormLanguage | undefined }): number {
    const before = this.#documents.length;
    this.#documents = this.#documents.filter(
      (d) =>
        !(
          d.form_id === input.form_id &&
          (input.tag === undefined || d.tag === input.tag) &&
          (input.language === undefined || d.language === input.language)
        ),
    );
    return before - this.#documents.length;
  }

  list(): StoredFormDocument[] {
    return this.#documents.map((d) => ({ ...d, content: structuredClone(d.content) }));
  }

  clear(): void {
    this.#documents = [];
  }

  state(): FormDocumentsState {
    return { documents: this.list() };
  }

  restoreState(state: FormDocumentsState): void {
    this.#documents = state.documents.map((d) => ({ ...d, content: structuredClone(d.content) }));
  }
}
