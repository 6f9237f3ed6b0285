import { inNynorsk } from './error-messages.nn';

describe('error messages in Nynorsk', () => {
  const body = (statusCode: number, code?: string) => ({
    statusCode,
    error: 'x',
    message: 'English',
    ...(code ? { code } : {}),
  });

  it('uses the line for a known code and keeps everything else', () => {
    const details = [{ field: 'title', message: 'title must be a string' }];
    expect(inNynorsk({ ...body(400, 'ValidationFailed'), details })).toEqual({
      ...body(400, 'ValidationFailed'),
      details,
      message: 'Ugyldig verdi: title',
    });
  });

  it('falls back to a generic line for the status, naming an unknown rule code', () => {
    expect(inNynorsk(body(422, 'SomeNewRule')).message).toBe(
      'Førespurnaden bryt ein regel i fagmodellen (SomeNewRule)',
    );
    expect(inNynorsk(body(404)).message).toBe('Fann ikkje det du spurde etter');
    expect(inNynorsk(body(418)).message).toBe('Førespurnaden er ikkje gyldig');
    expect(inNynorsk(body(502)).message).toBe('Noko gjekk gale i tenesta');
  });
});
